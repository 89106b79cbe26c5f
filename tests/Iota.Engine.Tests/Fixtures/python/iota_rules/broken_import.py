import json


def rule(event):
    return True


VALUE = json.loads("{not json")

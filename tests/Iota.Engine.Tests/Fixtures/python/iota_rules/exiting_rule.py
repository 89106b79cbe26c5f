import sys


def rule(event):
    if event.get("iotaMarker") == "exit":
        sys.exit("a rule must not be able to stop the worker")
    return False

from api_call import actor, describe, succeeded

SOURCE = "ec2.amazonaws.com"
NAMES = {"ModifyInstanceAttribute"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "instanceId")


def dedup(event):
    return actor(event)


def severity():
    return "high"

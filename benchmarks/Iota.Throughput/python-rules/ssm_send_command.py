from api_call import actor, describe, succeeded

SOURCE = "ssm.amazonaws.com"
NAMES = {"SendCommand"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "documentName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

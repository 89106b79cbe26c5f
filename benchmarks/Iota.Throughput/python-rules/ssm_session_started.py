from api_call import actor, describe, succeeded

SOURCE = "ssm.amazonaws.com"
NAMES = {"StartSession"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "target")


def dedup(event):
    return actor(event)


def severity():
    return "low"

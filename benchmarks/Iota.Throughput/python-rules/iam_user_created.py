from api_call import actor, describe, succeeded

SOURCE = "iam.amazonaws.com"
NAMES = {"CreateUser"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "userName")


def dedup(event):
    return actor(event)


def severity():
    return "low"

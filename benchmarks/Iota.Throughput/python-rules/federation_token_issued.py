from api_call import actor, describe, succeeded

SOURCE = "sts.amazonaws.com"
NAMES = {"GetFederationToken"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "name")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

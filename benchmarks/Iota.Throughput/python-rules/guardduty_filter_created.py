from api_call import actor, describe, succeeded

SOURCE = "guardduty.amazonaws.com"
NAMES = {"CreateFilter"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "name")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

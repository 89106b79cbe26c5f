from api_call import actor, describe, succeeded

SOURCE = "route53.amazonaws.com"
NAMES = {"DeleteQueryLoggingConfig"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "id")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

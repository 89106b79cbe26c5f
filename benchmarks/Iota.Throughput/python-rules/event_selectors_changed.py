from api_call import actor, describe, succeeded

SOURCE = "cloudtrail.amazonaws.com"
NAMES = {"PutEventSelectors", "PutInsightSelectors"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "trailName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

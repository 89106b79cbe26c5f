from api_call import actor, describe, succeeded

SOURCE = "lambda.amazonaws.com"
NAMES = {"UpdateFunctionCode20150331v2", "UpdateFunctionCode"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "functionName")


def dedup(event):
    return actor(event)


def severity():
    return "low"

from api_call import actor, describe, succeeded

SOURCE = "lambda.amazonaws.com"
NAMES = {"AddPermission20150331v2", "AddPermission"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "functionName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

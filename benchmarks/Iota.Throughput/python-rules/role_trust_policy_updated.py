from api_call import actor, describe, succeeded

SOURCE = "iam.amazonaws.com"
NAMES = {"UpdateAssumeRolePolicy"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "roleName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

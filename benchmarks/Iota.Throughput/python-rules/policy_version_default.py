from api_call import actor, describe, succeeded

SOURCE = "iam.amazonaws.com"
NAMES = {"CreatePolicyVersion", "SetDefaultPolicyVersion"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "policyArn")


def dedup(event):
    return actor(event)


def severity():
    return "low"

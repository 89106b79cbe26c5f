from api_call import actor, describe, succeeded

SOURCE = "securityhub.amazonaws.com"
NAMES = {"DisableSecurityHub", "BatchDisableStandards"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "standardsSubscriptionArns")


def dedup(event):
    return actor(event)


def severity():
    return "high"

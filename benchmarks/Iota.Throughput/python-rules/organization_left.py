from api_call import actor, describe, succeeded

SOURCE = "organizations.amazonaws.com"
NAMES = {"LeaveOrganization", "RemoveAccountFromOrganization", "DeleteOrganization"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "accountId")


def dedup(event):
    return actor(event)


def severity():
    return "critical"

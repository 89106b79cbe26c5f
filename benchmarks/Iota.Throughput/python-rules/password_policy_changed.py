from api_call import actor, describe, succeeded

SOURCE = "iam.amazonaws.com"
NAMES = {"UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "minimumPasswordLength")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

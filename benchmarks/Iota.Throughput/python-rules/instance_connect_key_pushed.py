from api_call import actor, describe, succeeded

SOURCE = "ec2-instance-connect.amazonaws.com"
NAMES = {"SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "instanceId")


def dedup(event):
    return actor(event)


def severity():
    return "low"

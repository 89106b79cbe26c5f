from api_call import actor, describe, succeeded

SOURCE = "ec2.amazonaws.com"
NAMES = {"CreateInternetGateway", "AttachInternetGateway", "DeleteInternetGateway", "CreateNatGateway"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "internetGatewayId")


def dedup(event):
    return actor(event)


def severity():
    return "low"

from api_call import actor, describe, succeeded

SOURCE = "route53resolver.amazonaws.com"
NAMES = {"DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "resolverQueryLogConfigId")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

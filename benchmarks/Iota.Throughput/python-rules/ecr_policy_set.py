from api_call import actor, describe, succeeded

SOURCE = "ecr.amazonaws.com"
NAMES = {"SetRepositoryPolicy"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "repositoryName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

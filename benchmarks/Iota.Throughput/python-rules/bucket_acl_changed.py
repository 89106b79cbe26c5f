from api_call import actor, describe, succeeded

SOURCE = "s3.amazonaws.com"
NAMES = {"PutBucketAcl"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "bucketName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

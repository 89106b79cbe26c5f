SOURCE = "s3.amazonaws.com"
NAMES = {"DeleteBucketReplication"}


def rule(event):
    return event.get("eventSource") == SOURCE and event.get("eventName") in NAMES and not event.get("errorCode")


def title(event):
    actor = event.deep_get("userIdentity", "arn", default="unknown")
    return f"{actor} called {event.get('eventName')} on {event.deep_get('requestParameters', 'bucketName', default='-')}"


def dedup(event):
    return event.deep_get("userIdentity", "arn", default="unknown")


def severity():
    return "medium"

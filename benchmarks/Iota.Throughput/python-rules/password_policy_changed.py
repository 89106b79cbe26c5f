SOURCE = "iam.amazonaws.com"
NAMES = {"UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"}


def rule(event):
    return event.get("eventSource") == SOURCE and event.get("eventName") in NAMES and not event.get("errorCode")


def title(event):
    actor = event.deep_get("userIdentity", "arn", default="unknown")
    return f"{actor} called {event.get('eventName')} on {event.deep_get('requestParameters', 'minimumPasswordLength', default='-')}"


def dedup(event):
    return event.deep_get("userIdentity", "arn", default="unknown")


def severity():
    return "medium"

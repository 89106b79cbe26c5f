def rule(event):
    return event.get("eventSource") == "kms.amazonaws.com" and event.get("eventName") in ("ScheduleKeyDeletion", "DisableKey") and not event.get("errorCode")


def title(event):
    return f"KMS {event.get('eventName')} on {event.deep_get('requestParameters', 'keyId')}"


def severity():
    return "high"


def dedup(event):
    return event.deep_get("requestParameters", "keyId") or ""

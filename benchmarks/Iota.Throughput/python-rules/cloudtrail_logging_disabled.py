# Someone stopped or deleted a trail, so later activity goes unrecorded.
def rule(event):
    return event.get("eventSource") == "cloudtrail.amazonaws.com" and event.get("eventName") in ("StopLogging", "DeleteTrail")


def title(event):
    return f"CloudTrail {event.get('eventName')} on {event.deep_get('requestParameters', 'name')}"


def severity():
    return "high"


def dedup(event):
    return event.deep_get("requestParameters", "name") or ""

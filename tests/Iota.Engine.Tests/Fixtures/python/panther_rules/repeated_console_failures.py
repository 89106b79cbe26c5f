from panther_detection_helpers.caching import increment_counter

FAILURES_BEFORE_ALERT = 3


def rule(event):
    if event.get("eventName") != "ConsoleLogin":
        return False
    if event.deep_get("responseElements", "ConsoleLogin") != "Failure":
        return False
    key = "console-failures:" + event.deep_get("userIdentity", "arn", default="?")
    return increment_counter(key) >= FAILURES_BEFORE_ALERT


def title(event):
    return f"Repeated console login failures for {event.deep_get('userIdentity', 'arn')}"

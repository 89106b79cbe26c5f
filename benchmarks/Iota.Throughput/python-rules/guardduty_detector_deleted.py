def rule(event):
    return event.get("eventSource") == "guardduty.amazonaws.com" and event.get("eventName") == "DeleteDetector"


def title(event):
    return f"GuardDuty detector deleted in {event.get('awsRegion')}"


def severity():
    return "high"

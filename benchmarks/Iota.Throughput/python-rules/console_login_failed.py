def rule(event):
    return event.get("eventName") == "ConsoleLogin" and event.deep_get("responseElements", "ConsoleLogin") == "Failure"


def title(event):
    return f"Failed console login for {event.deep_get('userIdentity', 'userName')}"


def severity():
    return "low"

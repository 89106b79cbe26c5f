def rule(event):
    return event.get("eventName") == "ConsoleLogin" and event.deep_get("userIdentity", "type") == "Root"


def title(event):
    return f"Root console login from {event.get('sourceIPAddress')}"


def severity():
    return "high"


def dedup(event):
    return event.get("sourceIPAddress") or ""

from cloudtrail_identity import principal


def rule(event):
    return event.get("eventName") == "ConsoleLogin" and event.deep_get("userIdentity", "type") == "Root"


def title(event):
    return f"Root console login from {event.get('sourceIPAddress')}"


def severity():
    return "high"


def dedup(event):
    return principal(event)


def alert_context(event):
    return {"principal": principal(event), "mfa": event.deep_get("additionalEventData", "MFAUsed")}

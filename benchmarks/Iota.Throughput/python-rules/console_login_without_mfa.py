def rule(event):
    return (
        event.get("eventName") == "ConsoleLogin"
        and event.deep_get("userIdentity", "type") == "IAMUser"
        and event.deep_get("responseElements", "ConsoleLogin") == "Success"
        and event.deep_get("additionalEventData", "MFAUsed") == "No"
    )


def title(event):
    return f"Console login without MFA by {event.deep_get('userIdentity', 'userName')}"


def severity():
    return "medium"


def dedup(event):
    return event.deep_get("userIdentity", "userName") or ""

def rule(event):
    return event.get("errorCode") in ("AccessDenied", "Client.UnauthorizedOperation", "UnauthorizedOperation")


def title(event):
    return f"Access denied for {event.deep_get('userIdentity', 'arn')}"


def severity():
    return "low"


def dedup(event):
    return event.deep_get("userIdentity", "arn") or ""

TOOLS = ("pacu", "kali", "parrot", "cloudgoat", "scoutsuite", "prowler")


def rule(event):
    agent = str(event.get("userAgent") or "").lower()
    return any(tool in agent for tool in TOOLS)


def title(event):
    return f"Offensive tooling user agent from {event.get('sourceIPAddress')}"


def severity():
    return "high"


def dedup(event):
    return event.get("sourceIPAddress") or ""

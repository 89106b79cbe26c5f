def rule(event):
    return event.get("iotaMarker") == "long"


def title(event):
    return "T" * 5000


def dedup(event):
    return "D" * 5000


def alert_context(event):
    return {"blob": "x" * (300 * 1024)}

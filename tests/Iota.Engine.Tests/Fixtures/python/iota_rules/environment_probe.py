import os


def rule(event):
    return event.get("iotaMarker") == "env"


def alert_context(event):
    return {"keys": sorted(os.environ.keys())}

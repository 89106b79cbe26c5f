def rule(event):
    return event.get("iotaMarker") == "defaults"

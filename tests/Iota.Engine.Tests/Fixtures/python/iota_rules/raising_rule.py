def rule(event):
    if event.get("iotaMarker") == "raise":
        raise ValueError("fixture rule refuses this event")
    return False

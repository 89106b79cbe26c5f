import time


def rule(event):
    if event.get("iotaMarker") == "hang":
        time.sleep(3600)
    return False

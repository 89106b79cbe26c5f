import os


def rule(event):
    flag = event.get("iotaCrashFlag")
    if event.get("iotaMarker") == "crash" and flag and not os.path.exists(flag):
        open(flag, "w").close()
        os._exit(17)
    return event.get("iotaMarker") == "crash"

def rule(event):
    if event.get("iotaMarker") == "print":
        print("rule output must not corrupt frames")
        return True
    return False

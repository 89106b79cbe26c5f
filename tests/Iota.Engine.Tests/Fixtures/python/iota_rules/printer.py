import os


def rule(event):
    if event.get("iotaMarker") == "print":
        print("rule output must not corrupt frames")
        os.write(1, b"nor may a raw write to file descriptor 1\n")
        return True
    return False

def rule(event):
    if event.get("eventName") != "ModifySnapshotAttribute" or event.get("errorCode"):
        return False
    adds = event.deep_get("requestParameters", "createVolumePermission", "add", "items") or []
    return any(item.get("group") == "all" for item in adds)


def title(event):
    return f"EBS snapshot {event.deep_get('requestParameters', 'snapshotId')} shared publicly"


def severity():
    return "high"

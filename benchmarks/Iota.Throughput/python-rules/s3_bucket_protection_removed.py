PROTECTION_CHANGES = {"DeleteBucketEncryption", "DeleteBucketPublicAccessBlock"}


def rule(event):
    if event.get("eventSource") != "s3.amazonaws.com" or event.get("errorCode"):
        return False
    name = event.get("eventName")
    if name in PROTECTION_CHANGES:
        return True
    return name == "PutBucketVersioning" and event.deep_get("requestParameters", "VersioningConfiguration", "Status") == "Suspended"


def title(event):
    return f"{event.get('eventName')} on bucket {event.deep_get('requestParameters', 'bucketName')}"


def severity():
    return "medium"


def dedup(event):
    return f"{event.get('eventName')}:{event.deep_get('requestParameters', 'bucketName')}"

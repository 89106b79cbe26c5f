import json


def rule(event):
    if event.get("eventName") != "PutBucketPolicy" or event.get("errorCode"):
        return False
    policy = event.deep_get("requestParameters", "bucketPolicy") or {}
    if isinstance(policy, str):
        policy = json.loads(policy)
    for statement in policy.get("Statement", []):
        principal = statement.get("Principal")
        if statement.get("Effect") == "Allow" and (principal == "*" or (isinstance(principal, dict) and principal.get("AWS") == "*")):
            return True
    return False


def title(event):
    return f"S3 bucket {event.deep_get('requestParameters', 'bucketName')} made public by policy"


def severity():
    return "high"


def dedup(event):
    return event.deep_get("requestParameters", "bucketName") or ""

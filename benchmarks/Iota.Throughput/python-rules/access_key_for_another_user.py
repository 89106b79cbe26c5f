def rule(event):
    if event.get("eventName") != "CreateAccessKey" or event.get("errorCode"):
        return False
    target = event.deep_get("requestParameters", "userName")
    caller = event.deep_get("userIdentity", "userName") or event.deep_get("userIdentity", "sessionContext", "sessionIssuer", "userName")
    return target is not None and target != caller


def title(event):
    return f"Access key created for {event.deep_get('requestParameters', 'userName')} by another principal"


def severity():
    return "medium"

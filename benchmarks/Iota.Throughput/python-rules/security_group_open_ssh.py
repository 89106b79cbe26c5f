def rule(event):
    if event.get("eventName") != "AuthorizeSecurityGroupIngress" or event.get("errorCode"):
        return False
    permissions = event.deep_get("requestParameters", "ipPermissions", "items") or []
    for permission in permissions:
        if permission.get("fromPort") is not None and permission.get("fromPort") <= 22 <= (permission.get("toPort") or 0):
            for block in (permission.get("ipRanges") or {}).get("items", []):
                if block.get("cidrIp") == "0.0.0.0/0":
                    return True
    return False


def title(event):
    return f"SSH opened to the internet on {event.deep_get('requestParameters', 'groupId')}"


def severity():
    return "high"

ATTACH = {"AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"}


def rule(event):
    return (
        event.get("eventName") in ATTACH
        and not event.get("errorCode")
        and str(event.deep_get("requestParameters", "policyArn") or "").endswith(":policy/AdministratorAccess")
    )


def title(event):
    return f"AdministratorAccess attached by {event.get('eventName')}"


def severity():
    return "high"

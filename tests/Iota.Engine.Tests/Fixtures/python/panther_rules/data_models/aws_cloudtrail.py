def get_actor_user(event):
    identity_type = event.deep_get("userIdentity", "type")
    if identity_type == "Root":
        return "root"
    return event.deep_get("userIdentity", "userName") or event.deep_get("userIdentity", "arn")

def rule(event):
    return event.get("iotaMarker") == "view"


def alert_context(event):
    try:
        event["eventName"] = "changed"
        assignment = "allowed"
    except TypeError:
        assignment = "TypeError"
    try:
        event.get("userIdentity")["type"] = "changed"
        nested_assignment = "allowed"
    except TypeError:
        nested_assignment = "TypeError"
    try:
        event["noSuchField"]
        index_missing = "found"
    except KeyError:
        index_missing = "KeyError"
    return {
        "upper": event.get("EVENTNAME"),
        "indexed": event["SourceIpAddress"],
        "index_missing": index_missing,
        "contains": ["EVENTNAME" in event, "noSuchField" in event],
        "nested_get": event.get("AdditionalEventData").get("mfaused"),
        "get_default": event.get("noSuchField", "default"),
        "mixed": event.deep_get("USERIDENTITY", "Type"),
        "missing": event.deep_get("userIdentity", "sessionContext", "attributes", default="none"),
        "walk": event.deep_walk("resources", "ARN"),
        "assignment": assignment,
        "nested_assignment": nested_assignment,
        "list_is_list_like": event.get("resources")[0].get("type"),
    }

"""What the single-API-call rules of this benchmark set share: the match on a successful call, the title and the actor."""


def succeeded(event, source, names):
    return event.get("eventSource") == source and event.get("eventName") in names and not event.get("errorCode")


def actor(event):
    return event.deep_get("userIdentity", "arn", default="unknown")


def describe(event, resource_key):
    resource = event.deep_get("requestParameters", resource_key, default="-")
    return f"{actor(event)} called {event.get('eventName')} on {resource}"

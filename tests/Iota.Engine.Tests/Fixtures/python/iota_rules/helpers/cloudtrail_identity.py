"""Shared by the iota-style fixture rules: proves helpers/ modules import by plain module name."""


def principal(event):
    return event.deep_get("userIdentity", "arn", default="<unknown principal>")

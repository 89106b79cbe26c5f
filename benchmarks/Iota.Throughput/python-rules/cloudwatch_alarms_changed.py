from api_call import actor, describe, succeeded

SOURCE = "monitoring.amazonaws.com"
NAMES = {"DeleteAlarms", "DisableAlarmActions"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "alarmNames")


def dedup(event):
    return actor(event)


def severity():
    return "low"

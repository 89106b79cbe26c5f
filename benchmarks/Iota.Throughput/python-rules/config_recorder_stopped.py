from api_call import actor, describe, succeeded

SOURCE = "config.amazonaws.com"
NAMES = {"StopConfigurationRecorder", "DeleteConfigurationRecorder"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "configurationRecorderName")


def dedup(event):
    return actor(event)


def severity():
    return "medium"

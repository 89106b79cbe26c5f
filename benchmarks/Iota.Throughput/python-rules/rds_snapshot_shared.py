from api_call import actor, describe, succeeded

SOURCE = "rds.amazonaws.com"
NAMES = {"ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"}


def rule(event):
    return succeeded(event, SOURCE, NAMES)


def title(event):
    return describe(event, "dBSnapshotIdentifier")


def dedup(event):
    return actor(event)


def severity():
    return "high"

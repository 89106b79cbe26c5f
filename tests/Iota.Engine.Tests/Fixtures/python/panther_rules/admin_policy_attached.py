from fixture_aws_helpers import is_admin_policy, lookup_owner


def rule(event):
    return event.get("eventName") == "AttachUserPolicy" and is_admin_policy(
        event.deep_get("requestParameters", "policyArn")
    )


def title(event):
    return f"{event.udm('actor_user')} attached admin to {event.deep_get('requestParameters', 'userName')}"


def severity(event):
    # Root acting is worse than anyone else; everything else keeps the YAML severity.
    return "CRITICAL" if event.udm("actor_user") == "root" else "DEFAULT"


def alert_context(event):
    return {
        "actor": event.udm("actor_user"),
        "source_ip": event.udm("source_ip"),
        "first_resource": event.udm("first_resource_arn", default="none"),
        "owner": lookup_owner(event.deep_get("requestParameters", "userName")),
    }


def runbook(event):
    return "Ask the actor why."

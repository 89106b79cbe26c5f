using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A CloudWatch Logs group holding CloudTrail or VPC flow logs was deleted.</summary>
public sealed class AuditLogGroupDeleted : Rule
{
    public override string Id => "AWS.CloudWatchLogs.AuditLogGroupDeleted";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A log group whose name marks it as a CloudTrail or VPC flow log destination was deleted, destroying the " +
        "events already stored there and breaking any metric filters and alarms built on it.";

    public override string Runbook =>
        "Confirm whether the log group was being migrated. If not, recreate it and the subscription that fed it, " +
        "check whether the S3 copy of the logs is intact, and review the actor's other logging changes.";

    public override string Reference => "https://attack.mitre.org/techniques/T1070/";

    public override IReadOnlyList<string> Tags => ["T1070", "T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["logs.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteLogGroup"];

    // Log group names are the only signal of content in the event; these are the names AWS wizards and common modules use.
    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        JsonField name = e.Get("requestParameters.logGroupName"u8);
        return name.ContainsIgnoreCase("cloudtrail")
            || name.ContainsIgnoreCase("flowlog")
            || name.ContainsIgnoreCase("flow-log")
            || name.ContainsIgnoreCase("flow_log");
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted log group {e.Get("requestParameters.logGroupName")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.logGroupName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["logGroupName"] = e.Get("requestParameters.logGroupName"),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>Actions of CloudWatch alarms were disabled.</summary>
public sealed class CloudWatchAlarmActionsDisabled : Rule
{
    public override string Id => "AWS.CloudWatch.AlarmActionsDisabled";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone disabled the actions of CloudWatch alarms. The alarms still change state but no longer notify " +
        "anyone or trigger remediation, and the console shows them as healthy, which makes this quieter than " +
        "deleting them.";

    public override string Runbook =>
        "Check which alarms lost their actions and whether a maintenance window explains it. If not, re-enable " +
        "them (aws cloudwatch enable-alarm-actions --alarm-names ...) and review what those alarms would have " +
        "reported since.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["monitoring.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisableAlarmActions"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled actions of CloudWatch alarm(s) {CommaList.Of(e.Get("requestParameters.alarmNames"u8))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["alarmNames"] = e.Get("requestParameters.alarmNames"),
    };
}

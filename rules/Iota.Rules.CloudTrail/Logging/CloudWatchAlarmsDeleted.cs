using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>CloudWatch alarms were deleted.</summary>
public sealed class CloudWatchAlarmsDeleted : Rule
{
    public override string Id => "AWS.CloudWatch.AlarmsDeleted";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "CloudWatch alarms were deleted. Alarms often watch security metrics (root use, unauthorised calls, trail " +
        "changes), and removing them silences those notifications; most deletions are routine clean-up, hence low " +
        "severity.";

    public override string Runbook =>
        "Check whether the deleted alarms watched security metric filters (names mentioning CloudTrail, root, " +
        "unauthorized, IAM). If so and the change was not planned, recreate them from infrastructure code and " +
        "review the actor's other changes.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["monitoring.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteAlarms"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted CloudWatch alarm(s) {CommaList.Of(e.Get("requestParameters.alarmNames"u8))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["alarmNames"] = e.Get("requestParameters.alarmNames"),
    };
}

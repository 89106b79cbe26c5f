using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A GuardDuty detector was deleted.</summary>
public sealed class GuardDutyDetectorDeleted : Rule
{
    public override string Id => "AWS.GuardDuty.DetectorDeleted";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Someone deleted a GuardDuty detector, which ends threat detection in that region and discards its " +
        "existing findings. Attackers do this to stop findings about their own activity from reaching responders.";

    public override string Runbook =>
        "Confirm whether the region was being decommissioned. If not, re-enable GuardDuty (or let the delegated " +
        "administrator re-enrol the account), suspend the actor's credentials, and review the actor's activity in " +
        "that region from CloudTrail.";

    public override string Reference => "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DeleteDetector.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["guardduty.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteDetector"];

    // A refused DeleteDetector leaves detection running.
    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted GuardDuty detector {e.Get("requestParameters.detectorId")} in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.detectorId")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["detectorId"] = e.Get("requestParameters.detectorId"),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A GuardDuty detector was suspended with UpdateDetector.</summary>
public sealed class GuardDutyDetectorDisabled : Rule
{
    public override string Id => "AWS.GuardDuty.DetectorDisabled";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A GuardDuty detector was updated with enable set to false. Detection stops while the detector and its " +
        "configuration remain, so the change is quieter than a deletion but just as blinding.";

    public override string Runbook =>
        "Check whether the suspension was planned. If not, re-enable the detector (aws guardduty update-detector " +
        "--detector-id <id> --enable), suspend the actor's credentials, and review the actor's activity in that " +
        "region.";

    public override string Reference => "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateDetector.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["guardduty.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["UpdateDetector"];

    // UpdateDetector also changes publishing frequency and data sources; only enable=false stops detection.
    public override bool Match(Event e) => !e.IsError && e.Get("requestParameters.enable"u8).AsBoolean() == false;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled GuardDuty detector {e.Get("requestParameters.detectorId")} in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.detectorId")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["detectorId"] = e.Get("requestParameters.detectorId"),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>An AWS Config configuration recorder was deleted.</summary>
public sealed class ConfigRecorderDeleted : Rule
{
    public override string Id => "AWS.Config.RecorderDeleted";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Someone deleted the AWS Config recorder for a region, ending configuration recording and compliance " +
        "evaluation there until it is recreated. It removes the history responders rely on to see what changed.";

    public override string Runbook =>
        "Confirm whether the region was being retired from Config. If not, recreate the recorder and delivery " +
        "channel from infrastructure code, suspend the actor's credentials if the change is unexplained, and " +
        "review their CloudTrail activity in the region.";

    public override string Reference => "https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigurationRecorder.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["config.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteConfigurationRecorder"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted AWS Config recorder {e.Get("requestParameters.configurationRecorderName")} in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.AwsRegion}|{e.Get("requestParameters.configurationRecorderName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["recorder"] = e.Get("requestParameters.configurationRecorderName"),
    };
}

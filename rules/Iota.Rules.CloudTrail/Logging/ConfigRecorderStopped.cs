using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>An AWS Config configuration recorder was stopped.</summary>
public sealed class ConfigRecorderStopped : Rule
{
    public override string Id => "AWS.Config.RecorderStopped";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone stopped the AWS Config recorder, so configuration changes are no longer captured and Config rules " +
        "stop evaluating. Changes made afterwards, such as opened security groups or public buckets, leave no " +
        "configuration history.";

    public override string Runbook =>
        "Confirm whether the stop was planned. If not, restart the recorder (aws configservice " +
        "start-configuration-recorder), then review resource changes the actor made while it was stopped using " +
        "CloudTrail.";

    public override string Reference => "https://docs.aws.amazon.com/config/latest/APIReference/API_StopConfigurationRecorder.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["config.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["StopConfigurationRecorder"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} stopped AWS Config recorder {e.Get("requestParameters.configurationRecorderName")} in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.AwsRegion}|{e.Get("requestParameters.configurationRecorderName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["recorder"] = e.Get("requestParameters.configurationRecorderName"),
    };
}

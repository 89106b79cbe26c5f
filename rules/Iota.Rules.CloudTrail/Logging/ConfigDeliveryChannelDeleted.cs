using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>An AWS Config delivery channel was deleted.</summary>
public sealed class ConfigDeliveryChannelDeleted : Rule
{
    public override string Id => "AWS.Config.DeliveryChannelDeleted";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone deleted the AWS Config delivery channel, so configuration snapshots and history stop being " +
        "delivered to S3 and SNS. Deleting it is a usual step before deleting the recorder itself.";

    public override string Runbook =>
        "Check whether Config is being reconfigured on purpose. If not, recreate the delivery channel, look for a " +
        "recorder stop or deletion by the same actor, and review their recent activity.";

    public override string Reference => "https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteDeliveryChannel.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["config.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteDeliveryChannel"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted AWS Config delivery channel {e.Get("requestParameters.deliveryChannelName")} in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.AwsRegion}|{e.Get("requestParameters.deliveryChannelName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["deliveryChannel"] = e.Get("requestParameters.deliveryChannelName"),
    };
}

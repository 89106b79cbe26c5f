using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An IAM user requested a federation token.</summary>
public sealed class FederationTokenIssued : Rule
{
    public override string Id => "AWS.STS.FederationTokenIssued";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "GetFederationToken was called. Few modern setups use it, while attackers holding an IAM user's access key " +
        "use it to mint sessions that keep working after the key is deactivated and that do not show up as the " +
        "user's own key in logs.";

    public override string Runbook =>
        "Check whether the caller is a known federation broker. If not, deactivate the caller's access key, attach " +
        "a deny-all policy to the user (which also cuts existing federation sessions), and hunt for calls made " +
        "with the federated session name.";

    public override string Reference => "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html";

    public override IReadOnlyList<string> Tags => ["T1550.001", "Defense Evasion", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["sts.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["GetFederationToken"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} requested a federation token named {e.Get("requestParameters.name")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.name")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["federatedName"] = e.Get("requestParameters.name"),
        ["durationSeconds"] = e.Get("requestParameters.durationSeconds"),
        ["policy"] = e.Get("requestParameters.policy"),
        ["policyArns"] = e.Get("requestParameters.policyArns"),
        ["federatedUserArn"] = e.Get("responseElements.federatedUser.arn"),
    };
}

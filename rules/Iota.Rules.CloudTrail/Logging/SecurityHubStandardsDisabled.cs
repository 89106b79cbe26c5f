using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>Security Hub standards were disabled.</summary>
public sealed class SecurityHubStandardsDisabled : Rule
{
    public override string Id => "AWS.SecurityHub.StandardsDisabled";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "One or more Security Hub standards (such as CIS or AWS Foundational Security Best Practices) were " +
        "disabled, so their controls stop producing findings. An attacker can use this to hide misconfigurations " +
        "they are about to introduce.";

    public override string Runbook =>
        "Check the disabled standards in the alert against the account's required baseline. If the change was not " +
        "planned, re-enable them with BatchEnableStandards and review the actor's recent configuration changes.";

    public override string Reference => "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchDisableStandards.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["securityhub.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["BatchDisableStandards"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled {e.Get("requestParameters.StandardsSubscriptionArns").Count} Security Hub standard(s) in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["standardsSubscriptionArns"] = e.Get("requestParameters.StandardsSubscriptionArns"),
    };
}

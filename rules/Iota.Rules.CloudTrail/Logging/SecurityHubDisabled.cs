using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>AWS Security Hub was disabled in a region.</summary>
public sealed class SecurityHubDisabled : Rule
{
    public override string Id => "AWS.SecurityHub.Disabled";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Someone disabled Security Hub, which stops aggregation of findings from GuardDuty, Inspector and other " +
        "sources and deletes the region's Security Hub findings and standards results.";

    public override string Runbook =>
        "Confirm with the security team whether Security Hub was being removed from the region. If not, re-enable " +
        "it and its standards, suspend the actor's credentials, and review findings from the underlying services " +
        "directly.";

    public override string Reference => "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DisableSecurityHub.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["securityhub.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisableSecurityHub"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled Security Hub in {e.RecipientAccountId} {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.RecipientAccountId}|{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn");
}

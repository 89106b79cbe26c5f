using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Secrets;

public sealed class BulkSecretRetrieval : Rule
{
    public override string Id => "AWS.SecretsManager.BulkSecretRetrieval";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "One principal read secret values from Secrets Manager ten or more times within ten minutes. Applications " +
        "read the few secrets they need and cache them; a burst across secrets is what credential harvesting after an " +
        "identity is compromised looks like.";

    public override string Runbook =>
        "List the secret ids the principal read (alert events) and compare with what its workload needs. If the " +
        "burst is unexplained, revoke the principal's sessions, rotate every secret it read, and trace where the " +
        "session came from (source IP, user agent, AssumeRole chain).";

    public override string Reference => "https://attack.mitre.org/techniques/T1555/006/";

    public override IReadOnlyList<string> Tags => ["T1555.006", "Credential Access"];

    public override IReadOnlyList<string> EventSources => ["secretsmanager.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["GetSecretValue", "BatchGetSecretValue"];

    public override int Threshold => 10;

    public override int DedupPeriodMinutes => 10;

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e) => $"{e.UserIdentity.DisplayName()} retrieved Secrets Manager secrets in bulk";

    // Counted per principal, so a burst spread across many secrets still adds up to one alert.
    public override string Dedup(Event e) => e.UserIdentity.Arn.ToString();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["secretId"] = e.RequestParameters.Property("secretId"u8),
        ["secretIdList"] = e.RequestParameters.Property("secretIdList"u8),
        ["filters"] = e.RequestParameters.Property("filters"u8),
    };
}

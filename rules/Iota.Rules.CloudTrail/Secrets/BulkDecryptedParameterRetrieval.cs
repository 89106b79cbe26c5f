using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Secrets;

public sealed class BulkDecryptedParameterRetrieval : Rule
{
    public override string Id => "AWS.SSM.BulkDecryptedParameterRetrieval";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "One principal read SSM parameters with decryption ten or more times within ten minutes. SecureString " +
        "parameters hold passwords and API keys; enumerating and decrypting them in a burst is a standard step after " +
        "an access key or role session is stolen.";

    public override string Runbook =>
        "List the parameter names read (alert events; GetParametersByPath reads whole trees). If the burst is not " +
        "the principal's workload starting up, revoke its sessions, rotate the decrypted values, and trace the " +
        "session's origin.";

    public override string Reference => "https://attack.mitre.org/techniques/T1555/006/";

    public override IReadOnlyList<string> Tags => ["T1555.006", "T1552", "Credential Access"];

    public override IReadOnlyList<string> EventSources => ["ssm.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["GetParameter", "GetParameters", "GetParametersByPath"];

    public override int Threshold => 10;

    public override int DedupPeriodMinutes => 10;

    public override bool Match(Event e) =>
        SuccessfulCall.ByPrincipal(e)
        && e.RequestParameters.Property("withDecryption"u8).AsBoolean() == true;

    public override string Title(Event e) => $"{e.UserIdentity.DisplayName()} decrypted SSM parameters in bulk";

    public override string Dedup(Event e) => e.UserIdentity.Arn.ToString();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["name"] = e.RequestParameters.Property("name"u8),
        ["names"] = e.RequestParameters.Property("names"u8),
        ["path"] = e.RequestParameters.Property("path"u8),
        ["recursive"] = e.RequestParameters.Property("recursive"u8),
    };
}

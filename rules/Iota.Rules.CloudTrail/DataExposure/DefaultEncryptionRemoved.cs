using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class DefaultEncryptionRemoved : Rule
{
    public override string Id => "AWS.S3.DefaultEncryptionRemoved";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A bucket's default encryption configuration was deleted. S3 still applies SSE-S3 to new objects, but a " +
        "customer-managed KMS key and its access controls and audit trail no longer protect them, which is what an " +
        "attacker removing a KMS dependency before exfiltration, or a misconfigured deployment, looks like.";

    public override string Runbook =>
        "Ask the actor or the bucket owner why encryption was removed. Restore the previous configuration " +
        "(PutBucketEncryption with the expected KMS key) and check for objects written since the change without it.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html";

    public override IReadOnlyList<string> Tags => ["T1562", "T1530", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteBucketEncryption"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} removed default encryption from S3 bucket {e.RequestParameters.Property("bucketName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
    };
}

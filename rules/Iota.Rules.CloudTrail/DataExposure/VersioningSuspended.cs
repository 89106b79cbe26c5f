using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class VersioningSuspended : Rule
{
    public override string Id => "AWS.S3.VersioningSuspended";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Versioning was suspended on a bucket. Without versions, an overwrite or delete destroys the only copy of an " +
        "object; ransomware operators suspend versioning before encrypting or deleting data so it cannot be rolled back.";

    public override string Runbook =>
        "Re-enable versioning unless the bucket owner confirms the change. Look for bulk DeleteObject, PutObject or " +
        "CopyObject activity by the same actor after the change, and check that backups or replicas of the bucket exist.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html";

    public override IReadOnlyList<string> Tags => ["T1490", "Impact"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutBucketVersioning"];

    public override bool Match(Event e) =>
        !e.IsError && e.RequestParameters.Get("VersioningConfiguration.Status"u8).Equals("Suspended"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} suspended versioning on S3 bucket {e.RequestParameters.Property("bucketName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["versioningConfiguration"] = e.RequestParameters.Property("VersioningConfiguration"u8),
    };
}

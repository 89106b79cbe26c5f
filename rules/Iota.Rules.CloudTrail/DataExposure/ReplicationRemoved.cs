using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class ReplicationRemoved : Rule
{
    public override string Id => "AWS.S3.ReplicationRemoved";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A bucket's replication configuration was deleted. Replicas are often the disaster-recovery or backup copy of " +
        "the data, and removing them is a step an attacker takes before destroying the source.";

    public override string Runbook =>
        "Check whether the bucket was meant to replicate (DR plan, compliance copy) and restore the configuration if " +
        "so. Watch for deletions or overwrites in the source bucket by the same actor.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html";

    public override IReadOnlyList<string> Tags => ["T1490", "Impact"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteBucketReplication"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} removed replication from S3 bucket {e.RequestParameters.Property("bucketName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
    };
}

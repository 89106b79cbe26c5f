using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class BucketPolicyMadePublic : Rule
{
    public override string Id => "AWS.S3.BucketPolicyMadePublic";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A bucket policy was saved with a statement that allows the wildcard principal without any condition, so " +
        "anyone on the internet can use the granted S3 actions. Attackers do this to stage data for download without " +
        "credentials; it is also a common accident.";

    public override string Runbook =>
        "Read the policy in the alert context and confirm whether the bucket is meant to be public (static website, " +
        "public dataset). If not, restore the previous policy or enable Block Public Access on the bucket, then review " +
        "S3 server access or data-event logs for anonymous GetObject/ListBucket calls since the change.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html";

    public override IReadOnlyList<string> Tags => ["T1530", "T1537", "Exfiltration", "Collection"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutBucketPolicy"];

    public override bool Match(Event e) =>
        !e.IsError && ResourcePolicy.AllowsAnyoneUnconditionally(e.RequestParameters.Property("bucketPolicy"u8));

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} made S3 bucket {e.RequestParameters.Property("bucketName"u8)} public through its bucket policy";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["bucketPolicy"] = e.RequestParameters.Property("bucketPolicy"u8),
    };
}

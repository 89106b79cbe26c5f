using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class BucketPublicAccessBlockWeakened : Rule
{
    public override string Id => "AWS.S3.BucketPublicAccessBlockWeakened";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Block Public Access was removed from a bucket, or replaced with a configuration that leaves at least one of " +
        "its four protections off. It is the usual first step before a bucket policy or ACL makes the bucket public.";

    public override string Runbook =>
        "Confirm with the actor or the bucket owner that the bucket must accept public policies or ACLs. If not, turn " +
        "all four settings back on, then check whether a public bucket policy or ACL followed (see " +
        "AWS.S3.BucketPolicyMadePublic and AWS.S3.BucketAclGrantsPublicAccess alerts for the same bucket).";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html";

    public override IReadOnlyList<string> Tags => ["T1562.007", "T1530", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"];

    public override bool Match(Event e) =>
        !e.IsError
        && (e.EventName.Equals("DeleteBucketPublicAccessBlock"u8)
            || PublicAccessBlockSettings.AnyProtectionOff(e.RequestParameters.Property("PublicAccessBlockConfiguration"u8)));

    public override string Title(Event e) => e.EventName.Equals("DeleteBucketPublicAccessBlock"u8)
        ? $"{e.UserIdentity.DisplayName()} removed Block Public Access from S3 bucket {e.RequestParameters.Property("bucketName"u8)}"
        : $"{e.UserIdentity.DisplayName()} turned off Block Public Access settings on S3 bucket {e.RequestParameters.Property("bucketName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["protectionsOff"] = PublicAccessBlockSettings.ProtectionsOff(e.RequestParameters.Property("PublicAccessBlockConfiguration"u8)),
    };
}

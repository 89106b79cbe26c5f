using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class BucketAclGrantsPublicAccess : Rule
{
    public override string Id => "AWS.S3.BucketAclGrantsPublicAccess";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A bucket ACL now grants access to the AllUsers or AuthenticatedUsers group, either through a canned ACL such " +
        "as public-read or through explicit grants. AuthenticatedUsers means any AWS account in the world, not just " +
        "yours, so both expose the bucket.";

    public override string Runbook =>
        "Check the grants in the alert context. Unless the bucket is meant to be public, set the ACL back to private, " +
        "set Object Ownership to BucketOwnerEnforced to disable ACLs, and look for anonymous or foreign-account reads " +
        "in S3 access logs since the change. Ask the actor why the change was made.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html";

    public override IReadOnlyList<string> Tags => ["T1530", "Collection", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutBucketAcl"];

    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        JsonField request = e.RequestParameters;
        if (AnyValueIsPublicCannedAcl(request.Property("x-amz-acl"u8)))
        {
            return true;
        }

        foreach (string header in (ReadOnlySpan<string>)["x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control"])
        {
            if (AnyValueNamesPublicGroup(request.Property(header)))
            {
                return true;
            }
        }

        // CloudTrail turns the XML body into JSON: a single <Grant> becomes an object, several become an array.
        JsonField grants = request.Get("AccessControlPolicy.AccessControlList.Grant"u8);
        if (grants.Kind == JsonFieldKind.Object)
        {
            return IsPublicGroup(grants.Get("Grantee.URI"u8));
        }

        foreach (JsonField grant in grants.EnumerateArray())
        {
            if (IsPublicGroup(grant.Get("Grantee.URI"u8)))
            {
                return true;
            }
        }

        return false;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} granted public access to S3 bucket {e.RequestParameters.Property("bucketName"u8)} through its ACL";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["cannedAcl"] = e.RequestParameters.Property("x-amz-acl"u8),
        ["accessControlPolicy"] = e.RequestParameters.Property("AccessControlPolicy"u8),
    };

    private static bool IsPublicGroup(JsonField uri) =>
        uri.EndsWith("/groups/global/AllUsers") || uri.EndsWith("/groups/global/AuthenticatedUsers");

    private static bool IsPublicCannedAcl(JsonField acl) => acl.IsOneOf("public-read", "public-read-write", "authenticated-read");

    // Request headers appear as a string or as a one-element array depending on the client.
    private static bool AnyValueIsPublicCannedAcl(JsonField header)
    {
        if (IsPublicCannedAcl(header))
        {
            return true;
        }

        foreach (JsonField value in header.EnumerateArray())
        {
            if (IsPublicCannedAcl(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyValueNamesPublicGroup(JsonField header)
    {
        if (header.Contains("/global/AllUsers") || header.Contains("/global/AuthenticatedUsers"))
        {
            return true;
        }

        foreach (JsonField value in header.EnumerateArray())
        {
            if (value.Contains("/global/AllUsers") || value.Contains("/global/AuthenticatedUsers"))
            {
                return true;
            }
        }

        return false;
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class ObjectCopiedAcrossAccounts : Rule
{
    public override string Id => "AWS.S3.ObjectCopiedAcrossAccounts";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "An S3 object was copied between buckets of different AWS accounts, or copied by a principal from another " +
        "account. Server-side copy moves data without it passing through the caller, which makes it a fast, quiet " +
        "exfiltration path. Needs S3 data events in the trail.";

    public override string Runbook =>
        "Identify the other account from the alert context and whether it belongs to your organisation. If not, " +
        "block the principal (bucket policy deny, revoke credentials), and list every CopyObject/UploadPartCopy from the " +
        "same principal to size what left.";

    public override string Reference => "https://attack.mitre.org/techniques/T1537/";

    public override IReadOnlyList<string> Tags => ["T1537", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CopyObject", "UploadPartCopy"];

    public override bool Match(Event e) =>
        SuccessfulCall.ByPrincipal(e) && ForeignAccount(e).Exists;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} copied S3 object {e.RequestParameters.Property("key"u8)} into bucket {e.RequestParameters.Property("bucketName"u8)} across accounts ({ForeignAccount(e)})";

    // Copies come in bulk; one alert per actor and destination bucket.
    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["destinationBucket"] = e.RequestParameters.Property("bucketName"u8),
        ["key"] = e.RequestParameters.Property("key"u8),
        ["copySource"] = e.RequestParameters.Property("x-amz-copy-source"u8),
        ["otherAccount"] = ForeignAccount(e),
        ["resources"] = e["resources"],
    };

    // The data event lists the source and destination buckets with their owners in resources[]; a caller from
    // another account shows in userIdentity.accountId. Either differing from the recipient means the copy
    // crossed an account boundary.
    private static JsonField ForeignAccount(Event e)
    {
        JsonField recipient = e.RecipientAccountId;
        foreach (JsonField resource in e.Get("resources"u8).EnumerateArray())
        {
            JsonField owner = resource.Property("accountId"u8);
            if (resource.Property("type"u8).Equals("AWS::S3::Bucket"u8) && owner.Kind == JsonFieldKind.String
                && !owner.RawJson.SequenceEqual(recipient.RawJson))
            {
                return owner;
            }
        }

        JsonField caller = e.UserIdentity.AccountId;
        return caller.Kind == JsonFieldKind.String && !caller.RawJson.SequenceEqual(recipient.RawJson) ? caller : JsonField.Missing;
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class AccountPublicAccessBlockWeakened : Rule
{
    public override string Id => "AWS.S3.AccountPublicAccessBlockWeakened";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "The account-wide S3 Block Public Access setting was deleted or saved with a protection off. It is the " +
        "guard rail behind every bucket in the account; without it one bucket policy or ACL is enough to expose data.";

    public override string Runbook =>
        "Turn the account-level settings back on unless a documented exception exists. Then list buckets whose policy " +
        "status is public (GetBucketPolicyStatus, IAM Access Analyzer) and look for bucket-level public access changes " +
        "by the same actor.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html";

    public override IReadOnlyList<string> Tags => ["T1562.007", "T1530", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteAccountPublicAccessBlock", "PutAccountPublicAccessBlock"];

    public override bool Match(Event e) =>
        !e.IsError
        && (e.EventName.Equals("DeleteAccountPublicAccessBlock"u8)
            || PublicAccessBlockSettings.AnyProtectionOff(e.RequestParameters.Property("PublicAccessBlockConfiguration"u8)));

    public override string Title(Event e) => e.EventName.Equals("DeleteAccountPublicAccessBlock"u8)
        ? $"{e.UserIdentity.DisplayName()} removed account-wide S3 Block Public Access in {e.RecipientAccountId}"
        : $"{e.UserIdentity.DisplayName()} turned off account-wide S3 Block Public Access settings in {e.RecipientAccountId}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RecipientAccountId}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["protectionsOff"] = PublicAccessBlockSettings.ProtectionsOff(e.RequestParameters.Property("PublicAccessBlockConfiguration"u8)),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class MfaDeleteDisabled : Rule
{
    public override string Id => "AWS.S3.MfaDeleteDisabled";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "MFA delete was turned off on a bucket. Only the root user can change it, and it is a deliberate protection " +
        "against permanent deletion of object versions, so turning it off is rare and precedes destructive clean-up.";

    public override string Runbook =>
        "Confirm with the account owner that root was used on purpose. If not, treat the root credentials as " +
        "compromised (rotate password and MFA, review root activity). Re-enable MFA delete and watch for " +
        "DeleteObjectVersion calls on the bucket.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html";

    public override IReadOnlyList<string> Tags => ["T1490", "Impact"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutBucketVersioning"];

    public override bool Match(Event e) =>
        !e.IsError && e.RequestParameters.Get("VersioningConfiguration.MfaDelete"u8).Equals("Disabled"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled MFA delete on S3 bucket {e.RequestParameters.Property("bucketName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["versioningConfiguration"] = e.RequestParameters.Property("VersioningConfiguration"u8),
    };
}

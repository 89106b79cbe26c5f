using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class ObjectLockRetentionWeakened : Rule
{
    public override string Id => "AWS.S3.ObjectLockRetentionWeakened";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A bucket's Object Lock configuration was saved without default retention, in GOVERNANCE mode (which holders " +
        "of s3:BypassGovernanceRetention can override) or with a retention of a day or less. Object Lock is how " +
        "backups survive ransomware; weakening it is a preparation step for deleting them.";

    public override string Runbook =>
        "Compare with the bucket's intended retention (backup policy, compliance requirement). If the change was not " +
        "planned, restore COMPLIANCE mode with the expected period, and check for DeleteObjectVersion or " +
        "BypassGovernanceRetention use by the same actor.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html";

    public override IReadOnlyList<string> Tags => ["T1490", "Impact"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutObjectLockConfiguration"];

    // CloudTrail records only the new configuration, not the old one, so "weaker" is judged against what a
    // protective configuration looks like rather than against the previous state.
    public override bool Match(Event e) => !e.IsError && Weakness(e) is not null;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} weakened Object Lock on S3 bucket {e.RequestParameters.Property("bucketName"u8)}: {Weakness(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["objectLockConfiguration"] = e.RequestParameters.Property("ObjectLockConfiguration"u8),
    };

    private static string? Weakness(Event e)
    {
        JsonField retention = e.RequestParameters.Get("ObjectLockConfiguration.Rule.DefaultRetention"u8);
        if (!retention.Exists)
        {
            return "no default retention";
        }

        if (retention.Property("Mode"u8).Equals("GOVERNANCE"u8))
        {
            return "governance mode";
        }

        // The XML-to-JSON conversion can leave numbers as strings, so accept both.
        JsonField days = retention.Property("Days"u8);
        long? dayCount = days.AsInt64() ?? (days.Kind == JsonFieldKind.String && long.TryParse(days.AsString(), out long parsed) ? parsed : null);
        return dayCount <= 1 && !retention.Property("Years"u8).Exists ? "retention of a day or less" : null;
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>Server access logging was turned off for an S3 bucket.</summary>
public sealed class S3AccessLoggingDisabled : Rule
{
    public override string Id => "AWS.S3.AccessLoggingDisabled";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "PutBucketLogging was called with an empty logging status, which turns off server access logging for the " +
        "bucket. Access logs are often the only record of object reads when S3 data events are not in CloudTrail, " +
        "so this commonly precedes data theft.";

    public override string Runbook =>
        "Check whether the bucket holds sensitive data and whether the change was planned. If not, restore the " +
        "logging configuration, then review the bucket's policy, ACL and recent object-level activity from any " +
        "CloudTrail data events.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutBucketLogging"];

    // Logging is turned off by sending a BucketLoggingStatus without a LoggingEnabled element.
    public override bool Match(Event e) => !e.IsError && !e.Get("requestParameters.BucketLoggingStatus.LoggingEnabled"u8).Exists;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} turned off access logging for S3 bucket {e.Get("requestParameters.bucketName")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.bucketName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["bucket"] = e.Get("requestParameters.bucketName"),
    };
}

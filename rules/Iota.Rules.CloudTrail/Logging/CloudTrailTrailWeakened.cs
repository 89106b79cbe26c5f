using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>An UpdateTrail call reduced what a trail records or where its logs go.</summary>
public sealed class CloudTrailTrailWeakened : Rule
{
    public override string Id => "AWS.CloudTrail.TrailWeakened";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A trail was updated to stop covering other regions, global services or member accounts, to stop signing " +
        "its log files, or to deliver to a different bucket. Each quietly narrows or diverts the audit record while " +
        "the trail still reports itself as logging.";

    public override string Runbook =>
        "Compare the request parameters with the trail's intended configuration in infrastructure code. If the change " +
        "was not planned, revert it, check who can write to any new destination bucket, and review the actor's " +
        "recent activity in the regions the trail stopped covering.";

    public override string Reference => "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["cloudtrail.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["UpdateTrail"];

    // UpdateTrail only sends the settings being changed, so an explicit false (or a new bucket) is the change itself.
    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        JsonField p = e.RequestParameters;
        return p.Get("isMultiRegionTrail"u8).AsBoolean() == false
            || p.Get("enableLogFileValidation"u8).AsBoolean() == false
            || p.Get("includeGlobalServiceEvents"u8).AsBoolean() == false
            || p.Get("isOrganizationTrail"u8).AsBoolean() == false
            || !p.Get("s3BucketName"u8).IsNullOrEmpty;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} weakened CloudTrail trail {TrailName.Of(e.Get("requestParameters.name"))}: " +
        string.Join(", ", Changes(e.RequestParameters));

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.name")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["trail"] = e.Get("requestParameters.name"),
        ["changes"] = Changes(e.RequestParameters),
        ["requestParameters"] = e.RequestParameters,
    };

    private static List<string> Changes(JsonField p)
    {
        var changes = new List<string>();
        if (p.Get("isMultiRegionTrail"u8).AsBoolean() == false)
        {
            changes.Add("multi-region off");
        }

        if (p.Get("enableLogFileValidation"u8).AsBoolean() == false)
        {
            changes.Add("log file validation off");
        }

        if (p.Get("includeGlobalServiceEvents"u8).AsBoolean() == false)
        {
            changes.Add("global service events off");
        }

        if (p.Get("isOrganizationTrail"u8).AsBoolean() == false)
        {
            changes.Add("organization trail off");
        }

        if (!p.Get("s3BucketName"u8).IsNullOrEmpty)
        {
            changes.Add($"delivery bucket now {p.Get("s3BucketName"u8)}");
        }

        return changes;
    }
}

using System.Text;
using Iota.Engine;
using Iota.Sdk;

namespace Iota.Pipeline.Tests.Support;

/// <summary>Builds rules and matches the way the engine hands them to the alert store.</summary>
public static class Matches
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RuleDescriptor Rule(
        string id = "AWS.Root.Login",
        int dedupMinutes = 60,
        int threshold = 1,
        Severity severity = Severity.High,
        params string[] tags) => new()
        {
            Id = id,
            Severity = severity,
            DedupPeriodMinutes = dedupMinutes,
            Threshold = threshold,
            Tags = tags,
            Language = "csharp",
            Source = "rules/" + id + ".csx",
        };

    public static RuleMatch At(RuleDescriptor rule, DateTimeOffset? eventTime, string dedup = "root", string eventId = "e1") =>
        new(
            rule,
            Title: "Root login by " + dedup,
            Dedup: dedup,
            Severity: rule.Severity,
            AlertContextJson: """{"ip":"203.0.113.7","mfa":false}""",
            EventUtf8: Encoding.UTF8.GetBytes(
                $$$"""{"eventID":"{{{eventId}}}","eventName":"ConsoleLogin","recipientAccountId":"123456789012","awsRegion":"us-east-1","userIdentity":{"arn":"arn:aws:iam::123456789012:root"}}"""),
            EventTime: eventTime,
            LogType: "AWS.CloudTrail");
}

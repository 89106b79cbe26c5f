using Iota.Sdk;

namespace Iota.Pipeline.Tests.Support;

/// <summary>A stored alert as outputs receive it.</summary>
public static class SampleAlerts
{
    public static Alert Alert(Severity severity = Severity.High, string? context = """{"ip":"203.0.113.7","mfa":false}""") => new()
    {
        AlertId = "0195a1b2c3d4e5f60718293a4b5c6d7e",
        RuleId = "AWS.Root.Login",
        Title = "Root login from 203.0.113.7",
        Severity = severity,
        Dedup = "root",
        LogType = "AWS.CloudTrail",
        EventTime = Matches.T0,
        AlertContextJson = context,
        EventJson = """
            {
              "eventID": "e1",
              "eventName": "ConsoleLogin",
              "recipientAccountId": "123456789012",
              "awsRegion": "us-east-1",
              "userIdentity": { "arn": "arn:aws:iam::123456789012:root" }
            }
            """,
        FirstSeen = Matches.T0,
        LastSeen = Matches.T0.AddMinutes(5),
        Count = 3,
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A CloudTrail trail was told to stop recording.</summary>
public sealed class CloudTrailLoggingStopped : Rule
{
    public override string Id => "AWS.CloudTrail.LoggingStopped";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Someone stopped a CloudTrail trail. With the trail off, every later API call in the account goes unrecorded, " +
        "which is why attackers do it right after gaining access.";

    public override string Runbook =>
        "Confirm with the actor or their team whether a change was planned. If not, restart the trail " +
        "(aws cloudtrail start-logging --name <trail>), disable the actor's access keys or sessions, and review the " +
        "actor's other calls from the same source IP in the minutes before and after.";

    public override string Reference => "https://attack.mitre.org/techniques/T1562/008/";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["cloudtrail.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["StopLogging"];

    // A failed StopLogging leaves the trail running; only a successful call blinds the account.
    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} stopped CloudTrail trail {TrailName.Of(e.Get("requestParameters.name"))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.name")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["trail"] = e.Get("requestParameters.name"),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Organization;

public sealed class OffensiveToolUserAgent : Rule
{
    // Each marker is specific to an offensive toolkit or an offensive Linux distribution as it appears in SDK user
    // agents (distribution tag or kernel release). Auditing tools that defenders run as well (ScoutSuite, Prowler)
    // are deliberately absent: they would page on every scheduled assessment.
    private static readonly (string Marker, string Tool)[] Markers =
    [
        ("pacu", "Pacu"),
        ("stratus-red-team", "Stratus Red Team"),
        ("cloudgoat", "CloudGoat"),
        ("distrib#kali", "Kali Linux"),
        ("-kali", "Kali Linux"),
        ("distrib#parrot", "Parrot OS"),
        ("-parrot", "Parrot OS"),
        ("pentoo", "Pentoo Linux"),
    ];

    private static readonly SubstringSet MarkerSet = new([.. Markers.Select(m => m.Marker)]);

    public override string Id => "AWS.CloudTrail.OffensiveToolUserAgent";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An API call was made with a user agent that names an AWS exploitation or adversary-emulation tool (Pacu, " +
        "Stratus Red Team, CloudGoat) or an SDK running on an offensive Linux distribution (Kali, Parrot, Pentoo). " +
        "Legitimate automation almost never runs from these, so the caller is an attacker or an announced test.";

    public override string Runbook =>
        "Check with the red team or penetration testers whether an exercise is running against this account. If not, " +
        "treat the access key or session as compromised: disable it, review everything it did (the same access key id " +
        "across CloudTrail), and find where it leaked.";

    public override string Reference => "https://attack.mitre.org/techniques/T1588/002/";

    public override IReadOnlyList<string> Tags => ["T1588.002", "T1580", "Discovery", "Resource Development"];

    // No EventSources/EventNames prefilter: the tool can call any API, and the user agent is the only signal, so
    // this rule sees every event. Match is one pass over one field for all markers together.
    public override bool Match(Event e) => Tool(e) is not null;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} called {e.EventName} with {Tool(e)} tooling";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{Tool(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["eventSource"] = e.EventSource,
        ["eventName"] = e.EventName,
        ["tool"] = Tool(e),
        ["accessKeyId"] = e.UserIdentity.AccessKeyId,
        ["errorCode"] = e.ErrorCode,
    };

    // The first marker in list order that the agent contains names the tool, as testing them one by one would.
    private static string? Tool(Event e)
    {
        int marker = e.UserAgent.FirstContainedIgnoreCase(MarkerSet);
        return marker < 0 ? null : Markers[marker].Tool;
    }
}

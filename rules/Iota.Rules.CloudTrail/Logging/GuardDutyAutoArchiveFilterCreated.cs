using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A GuardDuty filter that archives findings automatically was created or changed.</summary>
public sealed class GuardDutyAutoArchiveFilterCreated : Rule
{
    public override string Id => "AWS.GuardDuty.AutoArchiveFilterCreated";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A GuardDuty filter was created or updated with the ARCHIVE action, so matching findings are archived as " +
        "they arrive and never show up as active. A broad filter is an easy way to suppress the findings an " +
        "attacker expects to trigger.";

    public override string Runbook =>
        "Read the filter's finding criteria in the alert. If they are broad (all severities, a whole finding type, " +
        "the attacker's IP or principal) and the change was not reviewed, delete the filter and look for findings " +
        "it archived since creation.";

    public override string Reference => "https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["guardduty.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateFilter", "UpdateFilter"];

    // NOOP filters only save a search; ARCHIVE filters hide findings.
    public override bool Match(Event e) => !e.IsError && e.Get("requestParameters.action"u8).Equals("ARCHIVE"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} set GuardDuty filter {FilterName(e)} to auto-archive findings";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{FilterName(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["detectorId"] = e.Get("requestParameters.detectorId"),
        ["filterName"] = e.Get("requestParameters.name"),
        ["filterNameUpdated"] = e.Get("requestParameters.filterName"),
        ["findingCriteria"] = e.Get("requestParameters.findingCriteria"),
    };

    // CreateFilter names the filter "name", UpdateFilter "filterName".
    private static string FilterName(Event e)
    {
        JsonField name = e.Get("requestParameters.name"u8);
        return (name.Exists ? name : e.Get("requestParameters.filterName"u8)).ToString();
    }
}

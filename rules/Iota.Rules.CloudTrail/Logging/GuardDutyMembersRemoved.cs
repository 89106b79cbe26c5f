using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>The GuardDuty administrator stopped watching member accounts.</summary>
public sealed class GuardDutyMembersRemoved : Rule
{
    public override string Id => "AWS.GuardDuty.MembersRemoved";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Member accounts were disassociated, deleted or stopped from monitoring by the GuardDuty administrator " +
        "account. Their findings no longer reach the central team, which is the administrator-side counterpart of " +
        "a member leaving.";

    public override string Runbook =>
        "Check the account ids in the alert against planned account closures or moves. If not planned, re-add and " +
        "re-invite the members, and review the actor's other security-service changes.";

    public override string Reference => "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateMembers.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["guardduty.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisassociateMembers", "DeleteMembers", "StopMonitoringMembers"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} removed GuardDuty member account(s) {CommaList.Of(e.Get("requestParameters.accountIds"u8))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.detectorId")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["detectorId"] = e.Get("requestParameters.detectorId"),
        ["accountIds"] = e.Get("requestParameters.accountIds"),
        ["eventName"] = e.EventName,
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A member account cut its GuardDuty link to the administrator account.</summary>
public sealed class GuardDutyDisassociatedFromAdministrator : Rule
{
    public override string Id => "AWS.GuardDuty.DisassociatedFromAdministrator";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A member account disassociated its GuardDuty detector from the administrator account. Findings from the " +
        "account stop reaching the central security team, even though GuardDuty keeps running locally.";

    public override string Runbook =>
        "Ask the security team that owns the GuardDuty administrator account whether the account was being moved. " +
        "If not, re-invite and re-associate the member, suspend the actor's credentials, and review the member " +
        "account's recent local findings and CloudTrail activity.";

    public override string Reference => "https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DisassociateFromAdministratorAccount.html";

    public override IReadOnlyList<string> Tags => ["T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["guardduty.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount"];

    // The older and newer names of the API both appear in CloudTrail.
    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disassociated GuardDuty detector {e.Get("requestParameters.detectorId")} from its administrator account";

    public override string Dedup(Event e) => $"{e.RecipientAccountId}|{e.Get("requestParameters.detectorId")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["detectorId"] = e.Get("requestParameters.detectorId"),
    };
}

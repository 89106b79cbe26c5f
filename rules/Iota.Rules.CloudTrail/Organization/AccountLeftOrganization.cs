using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Organization;

public sealed class AccountLeftOrganization : Rule
{
    public override string Id => "AWS.Organizations.AccountLeftOrganization";

    public override Severity Severity => Severity.Critical;

    public override string Description =>
        "A member account left its AWS Organization. It escapes every service control policy, the organisation " +
        "trail and delegated security services at once, and its resources become the leaver's alone: attackers do " +
        "this to take an account, and its data, with them.";

    public override string Runbook =>
        "Treat as an account takeover until proven otherwise. Identify the actor (often root or an admin role of the " +
        "member account), contact the account owner out of band, and engage AWS Support to recover the account. " +
        "Check what the actor did in the account before leaving (disabled logging, changed root email, created users).";

    public override string Reference => "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_leave-as-member.html";

    public override IReadOnlyList<string> Tags => ["T1562", "T1531", "Defense Evasion", "Impact"];

    public override IReadOnlyList<string> EventSources => ["organizations.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["LeaveOrganization"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} took account {e.RecipientAccountId} out of its AWS Organization";

    public override string Dedup(Event e) => e.RecipientAccountId.ToString();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor");
}

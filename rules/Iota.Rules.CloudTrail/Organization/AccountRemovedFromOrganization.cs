using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Organization;

public sealed class AccountRemovedFromOrganization : Rule
{
    public override string Id => "AWS.Organizations.AccountRemovedFromOrganization";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "The management account removed a member account from the organisation. The removed account loses service " +
        "control policies, the organisation trail and central security tooling, so unplanned removals are either a " +
        "compromised management account or a way to move an account out of sight.";

    public override string Runbook =>
        "Confirm the removal with the organisation's owners and the account's owner. If unplanned, re-invite the " +
        "account, review the management account actor's other recent Organizations calls, and secure that identity.";

    public override string Reference => "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_remove.html";

    public override IReadOnlyList<string> Tags => ["T1562", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["organizations.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["RemoveAccountFromOrganization"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} removed account {e.RequestParameters.Property("accountId"u8)} from the AWS Organization";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("accountId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["removedAccount"] = e.RequestParameters.Property("accountId"u8),
    };
}

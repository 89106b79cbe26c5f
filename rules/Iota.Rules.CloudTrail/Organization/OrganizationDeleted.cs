using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Organization;

public sealed class OrganizationDeleted : Rule
{
    public override string Id => "AWS.Organizations.OrganizationDeleted";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "The AWS Organization was deleted. It is the last step of dismantling every organisation-wide control " +
        "(SCPs, organisation trails, delegated security services) and only happens once all member accounts are gone.";

    public override string Runbook =>
        "Confirm with the organisation's owners that the deletion was planned. If not, secure the former management " +
        "account's root and admin identities and review the removals and policy changes that preceded the deletion.";

    public override string Reference => "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_delete.html";

    public override IReadOnlyList<string> Tags => ["T1562", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["organizations.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteOrganization"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted the AWS Organization managed from account {e.RecipientAccountId}";

    public override string Dedup(Event e) => e.RecipientAccountId.ToString();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor");
}

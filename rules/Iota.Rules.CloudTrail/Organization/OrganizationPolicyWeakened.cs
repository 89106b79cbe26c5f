using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Organization;

public sealed class OrganizationPolicyWeakened : Rule
{
    public override string Id => "AWS.Organizations.OrganizationPolicyWeakened";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An organisation policy was detached from an account, OU or root, deleted, or a whole policy type (such as " +
        "service control policies) was disabled for the root. SCPs are the guard rails that stop member accounts from " +
        "disabling logging or leaving; removing one is how an attacker with management access unlocks them.";

    public override string Runbook =>
        "Identify the policy (DescribePolicy, or the organisation's policy repository) and the target it protected. " +
        "If the change was not planned, re-attach or recreate it, and review what the affected accounts did while " +
        "unguarded.";

    public override string Reference => "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html";

    public override IReadOnlyList<string> Tags => ["T1562", "T1484", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["organizations.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DetachPolicy", "DeletePolicy", "DisablePolicyType"];

    // Detaching the AWS-managed FullAWSAccess SCP narrows what accounts may do; it never loosens a guard rail.
    public override bool Match(Event e) =>
        !e.IsError && !e.RequestParameters.Property("policyId"u8).Equals("p-FullAWSAccess"u8);

    public override string Title(Event e) => e.EventName.ToString() switch
    {
        "DetachPolicy" => $"{e.UserIdentity.DisplayName()} detached organization policy {e.RequestParameters.Property("policyId"u8)} from {e.RequestParameters.Property("targetId"u8)}",
        "DeletePolicy" => $"{e.UserIdentity.DisplayName()} deleted organization policy {e.RequestParameters.Property("policyId"u8)}",
        _ => $"{e.UserIdentity.DisplayName()} disabled {e.RequestParameters.Property("policyType"u8)} policies for {e.RequestParameters.Property("rootId"u8)}",
    };

    public override string Dedup(Event e) => e.UserIdentity.DisplayName();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["policyId"] = e.RequestParameters.Property("policyId"u8),
        ["targetId"] = e.RequestParameters.Property("targetId"u8),
        ["policyType"] = e.RequestParameters.Property("policyType"u8),
        ["rootId"] = e.RequestParameters.Property("rootId"u8),
    };
}

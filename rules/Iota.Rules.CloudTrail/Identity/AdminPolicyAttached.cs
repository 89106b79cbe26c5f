using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An AWS managed policy that grants administrator-level power was attached to a user, role or group.</summary>
public sealed class AdminPolicyAttached : Rule
{
    // AWS managed policies that either grant everything or let the holder grant themselves everything.
    private static readonly string[] AdminPolicySuffixes =
    [
        ":iam::aws:policy/AdministratorAccess",
        ":iam::aws:policy/IAMFullAccess",
        ":iam::aws:policy/AWSOrganizationsFullAccess",
        ":iam::aws:policy/PowerUserAccess",
    ];

    public override string Id => "AWS.IAM.AdminPolicyAttached";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "AdministratorAccess, IAMFullAccess, AWSOrganizationsFullAccess or PowerUserAccess was attached to an IAM " +
        "user, role or group. Each grants full control of the account or the means to take it, and attaching one is " +
        "the shortest path from a foothold to admin.";

    public override string Runbook =>
        "Confirm the grant with the owner of the principal and an approved change. If it is not approved, detach " +
        "the policy, review what the principal did since the attachment, and check how the actor obtained " +
        "permission to attach policies.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html";

    public override IReadOnlyList<string> Tags => ["T1098.003", "Privilege Escalation", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"];

    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        JsonField policy = e.Get("requestParameters.policyArn"u8);
        foreach (string suffix in AdminPolicySuffixes)
        {
            if (policy.EndsWith(suffix))
            {
                return true;
            }
        }

        return false;
    }

    public override string Title(Event e)
    {
        string policy = e.Get("requestParameters.policyArn").ToString();
        return $"{e.UserIdentity.DisplayName()} attached {policy[(policy.LastIndexOf('/') + 1)..]} to {TargetPrincipal.Describe(e)}";
    }

    public override string Dedup(Event e) => $"{TargetPrincipal.Describe(e)}|{e.Get("requestParameters.policyArn")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["policyArn"] = e.Get("requestParameters.policyArn"),
        ["target"] = TargetPrincipal.Describe(e),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An inline policy allowing every action on every resource was put on a user, role or group.</summary>
public sealed class InlinePolicyGrantsFullAdmin : Rule
{
    public override string Id => "AWS.IAM.InlinePolicyGrantsFullAdmin";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An inline policy with Action \"*\" and Resource \"*\" was put on an IAM user, role or group. It is the " +
        "equivalent of AdministratorAccess but lives only on that principal, where reviews of managed-policy " +
        "attachments will not see it.";

    public override string Runbook =>
        "Confirm the grant with the principal's owner. If unapproved, delete the inline policy, review what the " +
        "principal did since, and check how the actor was able to write inline policies.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html";

    public override IReadOnlyList<string> Tags => ["T1098.003", "Privilege Escalation", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutUserPolicy", "PutRolePolicy", "PutGroupPolicy"];

    public override bool Match(Event e)
    {
        // Both the action and the resource must be a bare "*", so a document without that token cannot match and
        // is never parsed.
        JsonField document = e.Get("requestParameters.policyDocument"u8);
        if (e.IsError || !document.Contains("\"*\""))
        {
            return false;
        }

        foreach (var statement in PolicyDocument.AllowStatements(document.AsString()))
        {
            bool allActions = PolicyDocument.Values(statement, "Action").Any(a => a is "*" or "*:*");
            bool allResources = PolicyDocument.Values(statement, "Resource").Any(r => r == "*");
            if (allActions && allResources)
            {
                return true;
            }
        }

        return false;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} put full-admin inline policy {e.Get("requestParameters.policyName")} on {TargetPrincipal.Describe(e)}";

    public override string Dedup(Event e) => $"{TargetPrincipal.Describe(e)}|{e.Get("requestParameters.policyName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["target"] = TargetPrincipal.Describe(e),
        ["policyName"] = e.Get("requestParameters.policyName"),
        ["policyDocument"] = e.Get("requestParameters.policyDocument"),
    };
}

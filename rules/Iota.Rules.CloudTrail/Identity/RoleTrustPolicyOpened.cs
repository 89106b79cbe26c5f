using System.Text.Json;
using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>A role's trust policy lets anyone, or principals in another account, assume it.</summary>
public sealed class RoleTrustPolicyOpened : Rule
{
    public override string Id => "AWS.IAM.RoleTrustPolicyOpened";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A role was created or its trust policy replaced so that it trusts every AWS principal (\"*\") or an " +
        "account other than its own. Such a trust policy is a backdoor: the outside party can assume the role " +
        "whenever they like, with no credentials in this account.";

    public override string Runbook =>
        "Identify the trusted accounts in the alert and check them against the list of known partners and your " +
        "organisation's accounts. If unknown, restore the previous trust policy, revoke the role's active sessions, " +
        "and review AssumeRole calls into the role from outside the account.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html";

    public override IReadOnlyList<string> Tags => ["T1098.003", "T1199", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["UpdateAssumeRolePolicy", "CreateRole"];

    public override bool Match(Event e)
    {
        // Only an "AWS" principal or a bare "*" can open a role to other accounts; service and federated
        // principals, the common case, are ruled out without parsing.
        JsonField document = Document(e);
        if (e.IsError || !(document.Contains("\"AWS\"") || document.Contains("\"*\"")))
        {
            return false;
        }

        Trust trust = Analyse(e);
        return trust.Anyone || trust.ExternalAccounts.Count > 0;
    }

    public override string Title(Event e)
    {
        Trust trust = Analyse(e);
        string to = trust.Anyone ? "any AWS principal" : $"account(s) {string.Join(", ", trust.ExternalAccounts)}";
        return $"{e.UserIdentity.DisplayName()} let {to} assume role {e.Get("requestParameters.roleName")}";
    }

    public override string Dedup(Event e) => $"{e.RecipientAccountId}|{e.Get("requestParameters.roleName")}";

    // Trusting everyone without a condition (such as aws:PrincipalOrgID) is open to the world; a named account
    // or a conditioned wildcard may be a vendor integration and needs a look rather than a page.
    public override Severity SeverityFor(Event e) => Analyse(e).AnyoneUnconditioned ? Severity.High : Severity.Medium;

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["roleName"] = e.Get("requestParameters.roleName"),
        ["externalAccounts"] = Analyse(e).ExternalAccounts,
        ["trustPolicy"] = Document(e),
    };

    private static JsonField Document(Event e) =>
        e.Get(e.EventName.Equals("CreateRole"u8) ? "requestParameters.assumeRolePolicyDocument"u8 : "requestParameters.policyDocument"u8);

    private static Trust Analyse(Event e)
    {
        string own = e.RecipientAccountId.ToString();
        var trust = new Trust();
        foreach (JsonElement statement in PolicyDocument.AllowStatements(Document(e).AsString()))
        {
            if (!statement.TryGetProperty("Principal", out JsonElement principal))
            {
                continue;
            }

            bool conditioned = statement.TryGetProperty("Condition", out _);
            IEnumerable<string> aws = principal.ValueKind == JsonValueKind.String
                ? [principal.GetString()!]
                : PolicyDocument.Values(principal, "AWS");
            foreach (string p in aws)
            {
                if (p == "*")
                {
                    trust.Anyone = true;
                    trust.AnyoneUnconditioned |= !conditioned;
                }
                else if (AccountOf(p) is { } account && account != own && !trust.ExternalAccounts.Contains(account))
                {
                    trust.ExternalAccounts.Add(account);
                }
            }
        }

        return trust;
    }

    // A principal is a bare account id or an ARN whose fifth field is the account.
    private static string? AccountOf(string principal)
    {
        if (principal.Length == 12 && principal.All(char.IsAsciiDigit))
        {
            return principal;
        }

        string[] parts = principal.Split(':');
        return parts.Length > 4 && parts[0] == "arn" ? parts[4] : null;
    }

    private sealed class Trust
    {
        public bool Anyone { get; set; }

        public bool AnyoneUnconditioned { get; set; }

        public List<string> ExternalAccounts { get; } = [];
    }
}

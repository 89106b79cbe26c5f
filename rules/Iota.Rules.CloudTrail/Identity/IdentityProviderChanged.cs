using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>A SAML or OpenID Connect identity provider was added to IAM or changed.</summary>
public sealed class IdentityProviderChanged : Rule
{
    public override string Id => "AWS.IAM.IdentityProviderChanged";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "An IAM SAML or OIDC identity provider was created or its metadata, thumbprints or client ids changed. Any " +
        "role that trusts the provider can then be assumed by whoever controls it, so a rogue or altered provider " +
        "is a way to mint sessions without IAM credentials.";

    public override string Runbook =>
        "Check the provider's metadata URL or issuer against your known identity providers (your IdP, GitHub " +
        "Actions, EKS clusters). If unknown, delete the provider or restore its metadata, and review " +
        "AssumeRoleWithSAML / AssumeRoleWithWebIdentity calls that used it.";

    public override string Reference => "https://attack.mitre.org/techniques/T1484/002/";

    public override IReadOnlyList<string> Tags => ["T1484.002", "Persistence", "Privilege Escalation"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateSAMLProvider", "UpdateSAMLProvider", "CreateOpenIDConnectProvider", "UpdateOpenIDConnectProviderThumbprint", "AddClientIDToOpenIDConnectProvider"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} {(e.EventName.StartsWith("Create") ? "created" : "changed")} identity provider {Provider(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{Provider(e)}";

    // A SAML provider can vouch for any user name with any role that trusts it; OIDC providers are usually
    // scoped by audience and subject conditions in the role's trust policy.
    public override Severity SeverityFor(Event e) =>
        e.EventName.Contains("SAML") ? Severity.High : Severity.Medium;

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["provider"] = Provider(e),
        ["eventName"] = e.EventName,
        ["url"] = e.Get("requestParameters.url"),
        ["clientIds"] = e.Get("requestParameters.clientIDList"),
        ["thumbprints"] = e.Get("requestParameters.thumbprintList"),
    };

    // Create calls name the provider (SAML) or its issuer URL (OIDC); later changes refer to its ARN.
    private static string Provider(Event e)
    {
        JsonField p = e.RequestParameters;
        foreach (JsonField candidate in (ReadOnlySpan<JsonField>)
                 [p.Get("name"u8), p.Get("url"u8), p.Get("sAMLProviderArn"u8), p.Get("openIDConnectProviderArn"u8)])
        {
            if (!candidate.IsNullOrEmpty)
            {
                return candidate.ToString();
            }
        }

        return "unknown";
    }
}

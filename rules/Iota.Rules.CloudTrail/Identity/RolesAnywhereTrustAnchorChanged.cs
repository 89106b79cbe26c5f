using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An IAM Roles Anywhere trust anchor was created or changed.</summary>
public sealed class RolesAnywhereTrustAnchorChanged : Rule
{
    public override string Id => "AWS.RolesAnywhere.TrustAnchorChanged";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A Roles Anywhere trust anchor was created or updated. Whoever holds a certificate from the anchor's " +
        "certificate authority can then obtain role credentials from outside AWS, so an attacker-controlled CA is " +
        "durable, key-less persistence.";

    public override string Runbook =>
        "Identify the certificate source (an uploaded bundle or an ACM Private CA) and who controls it. If " +
        "unplanned, disable the trust anchor, review which profiles and roles trust it, and look for CreateSession " +
        "calls that used it.";

    public override string Reference => "https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html";

    public override IReadOnlyList<string> Tags => ["T1098.003", "T1556", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["rolesanywhere.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateTrustAnchor", "UpdateTrustAnchor"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} {(e.EventName.Equals("CreateTrustAnchor"u8) ? "created" : "updated")} Roles Anywhere trust anchor {Anchor(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{Anchor(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["trustAnchor"] = Anchor(e),
        ["sourceType"] = e.Get("requestParameters.source.sourceType"),
        ["acmPcaArn"] = e.Get("requestParameters.source.sourceData.acmPcaArn"),
        ["trustAnchorArn"] = e.Get("responseElements.trustAnchor.trustAnchorArn"),
    };

    // CreateTrustAnchor names the anchor; UpdateTrustAnchor may send only its id.
    private static string Anchor(Event e)
    {
        JsonField name = e.Get("requestParameters.name"u8);
        return (name.IsNullOrEmpty ? e.Get("requestParameters.trustAnchorId"u8) : name).ToString();
    }
}

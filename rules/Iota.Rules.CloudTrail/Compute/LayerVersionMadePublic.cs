using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class LayerVersionMadePublic : Rule
{
    public override string Id => "AWS.Lambda.LayerVersionMadePublic";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A Lambda layer version was shared with every AWS account (principal \"*\" without an organisation). Layers " +
        "hold shared code and often configuration, and a public one can be pulled and read by anyone who learns its " +
        "ARN.";

    public override string Runbook =>
        "Check whether the layer is meant for public distribution. If not, remove the statement " +
        "(RemoveLayerVersionPermission) and review what the layer contains for secrets or internal endpoints.";

    public override string Reference => "https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html";

    public override IReadOnlyList<string> Tags => ["T1537", "T1530", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["lambda.amazonaws.com"];

    // Lambda's CloudTrail event names carry the API version.
    public override IReadOnlyList<string> EventNames => ["AddLayerVersionPermission20181031", "AddLayerVersionPermission"];

    public override bool Match(Event e) =>
        !e.IsError
        && e.RequestParameters.Property("principal"u8).Equals("*"u8)
        && e.RequestParameters.Property("organizationId"u8).IsNullOrEmpty;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} made Lambda layer {e.RequestParameters.Property("layerName"u8)} version {e.RequestParameters.Property("versionNumber"u8)} public";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("layerName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["layer"] = e.RequestParameters.Property("layerName"u8),
        ["version"] = e.RequestParameters.Property("versionNumber"u8),
        ["action"] = e.RequestParameters.Property("action"u8),
        ["statementId"] = e.RequestParameters.Property("statementId"u8),
    };
}

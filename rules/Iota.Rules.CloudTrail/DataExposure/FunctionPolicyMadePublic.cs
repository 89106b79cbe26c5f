using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class FunctionPolicyMadePublic : Rule
{
    public override string Id => "AWS.Lambda.FunctionPolicyMadePublic";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A Lambda function's resource policy now lets any principal (\"*\") call it, with no source account, source ARN " +
        "or organisation to narrow it. Anyone can then invoke the function with its role's permissions, which " +
        "attackers use as a persistent, credential-free way back in.";

    public override string Runbook =>
        "Look at the action and statement id in the alert context. If the function is not meant to be public, remove " +
        "the statement (RemovePermission), review the function's execution role, and check its invocations since the " +
        "change.";

    public override string Reference => "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html";

    public override IReadOnlyList<string> Tags => ["T1648", "T1098", "Persistence", "Execution"];

    public override IReadOnlyList<string> EventSources => ["lambda.amazonaws.com"];

    // Lambda's CloudTrail event names carry the API version.
    public override IReadOnlyList<string> EventNames => ["AddPermission20150331v2", "AddPermission20150331", "AddPermission"];

    public override bool Match(Event e)
    {
        JsonField request = e.RequestParameters;
        return !e.IsError
            && request.Property("principal"u8).Equals("*"u8)
            && request.Property("sourceArn"u8).IsNullOrEmpty
            && request.Property("sourceAccount"u8).IsNullOrEmpty
            && request.Property("principalOrgID"u8).IsNullOrEmpty;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} let anyone call Lambda function {e.RequestParameters.Property("functionName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("functionName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["function"] = e.RequestParameters.Property("functionName"u8),
        ["action"] = e.RequestParameters.Property("action"u8),
        ["statementId"] = e.RequestParameters.Property("statementId"u8),
        ["functionUrlAuthType"] = e.RequestParameters.Property("functionUrlAuthType"u8),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class FunctionUrlWithoutAuthentication : Rule
{
    public override string Id => "AWS.Lambda.FunctionUrlWithoutAuthentication";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A Lambda function URL was created or updated with AuthType NONE, which gives the function a public HTTPS " +
        "endpoint anyone can call. Attackers add one to a function to get a persistent, credential-free entry point; " +
        "public webhooks are the legitimate use.";

    public override string Runbook =>
        "Check whether the function is meant to be public. If not, switch the URL to AWS_IAM or delete it " +
        "(DeleteFunctionUrlConfig), and review the function's invocations and code since the change.";

    public override string Reference => "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";

    public override IReadOnlyList<string> Tags => ["T1648", "T1190", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["lambda.amazonaws.com"];

    // Lambda's CloudTrail event names carry the API version.
    public override IReadOnlyList<string> EventNames =>
        ["CreateFunctionUrlConfig20211031", "UpdateFunctionUrlConfig20211031", "CreateFunctionUrlConfig", "UpdateFunctionUrlConfig"];

    public override bool Match(Event e) => !e.IsError && e.RequestParameters.Property("authType"u8).Equals("NONE"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} opened an unauthenticated URL for Lambda function {e.RequestParameters.Property("functionName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("functionName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["function"] = e.RequestParameters.Property("functionName"u8),
        ["functionUrl"] = e.Get("responseElements.functionUrl"u8),
        ["cors"] = e.RequestParameters.Property("cors"u8),
    };
}

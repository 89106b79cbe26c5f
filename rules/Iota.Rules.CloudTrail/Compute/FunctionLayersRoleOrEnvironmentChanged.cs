using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class FunctionLayersRoleOrEnvironmentChanged : Rule
{
    public override string Id => "AWS.Lambda.FunctionLayersRoleOrEnvironmentChanged";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A Lambda function's configuration was changed to set its layers, execution role or environment variables. " +
        "A layer (or an extension shipped in one) runs inside every invocation, a new role changes what the code may " +
        "do, and environment variables can redirect it or carry secrets: each is a quiet backdoor.";

    public override string Runbook =>
        "Compare the new layers, role and variables in the alert context with the function's intended setup. An " +
        "unknown layer ARN, especially from another account, is the strongest signal: remove it and inspect its " +
        "contents. Review the role's permissions and recent use.";

    public override string Reference => "https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html";

    public override IReadOnlyList<string> Tags => ["T1648", "T1546", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["lambda.amazonaws.com"];

    // Lambda's CloudTrail event names carry the API version.
    public override IReadOnlyList<string> EventNames =>
        ["UpdateFunctionConfiguration20150331v2", "UpdateFunctionConfiguration20150331", "UpdateFunctionConfiguration"];

    public override bool Match(Event e)
    {
        JsonField request = e.RequestParameters;
        return !e.IsError
            && !e.UserIdentity.InvokedBy.Equals("cloudformation.amazonaws.com"u8)
            && (request.Property("layers"u8).Count > 0 || request.Property("role"u8).Exists || request.Property("environment"u8).Exists);
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} changed the {Changes(e)} of Lambda function {e.RequestParameters.Property("functionName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("functionName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["function"] = e.RequestParameters.Property("functionName"u8),
        ["layers"] = e.RequestParameters.Property("layers"u8),
        ["role"] = e.RequestParameters.Property("role"u8),
        ["environmentVariableNames"] = VariableNames(e),
    };

    private static string Changes(Event e)
    {
        var parts = new List<string>(3);
        if (e.RequestParameters.Property("layers"u8).Count > 0)
        {
            parts.Add("layers");
        }

        if (e.RequestParameters.Property("role"u8).Exists)
        {
            parts.Add("execution role");
        }

        if (e.RequestParameters.Property("environment"u8).Exists)
        {
            parts.Add("environment");
        }

        return string.Join(", ", parts);
    }

    // Names only: CloudTrail usually redacts the values, and when it does not they may be secrets.
    private static List<string> VariableNames(Event e)
    {
        var names = new List<string>();
        foreach (JsonMember variable in e.RequestParameters.Get("environment.variables"u8).EnumerateObject())
        {
            names.Add(variable.Name.ToString());
        }

        return names;
    }
}

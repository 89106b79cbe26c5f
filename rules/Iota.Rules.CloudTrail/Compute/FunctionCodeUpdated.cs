using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class FunctionCodeUpdated : Rule
{
    public override string Id => "AWS.Lambda.FunctionCodeUpdated";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "A Lambda function's code was replaced outside CloudFormation. New code runs with the function's role and " +
        "sees every event it receives, so swapping it is a way to steal data or credentials and to persist. Deploy " +
        "pipelines do this too, hence the low severity: review who did it.";

    public override string Runbook =>
        "Check that the actor is the function's deploy pipeline or owner. If not, download the current code " +
        "(GetFunction), compare with the last known build, roll back to a published version, and review the " +
        "function role's activity since the change.";

    public override string Reference => "https://attack.mitre.org/techniques/T1648/";

    public override IReadOnlyList<string> Tags => ["T1648", "T1525", "Persistence", "Execution"];

    public override IReadOnlyList<string> EventSources => ["lambda.amazonaws.com"];

    // Lambda's CloudTrail event names carry the API version.
    public override IReadOnlyList<string> EventNames => ["UpdateFunctionCode20150331v2", "UpdateFunctionCode20150331", "UpdateFunctionCode"];

    // Stack updates are reviewed as templates; alerting on them would bury the hand-made changes.
    public override bool Match(Event e) =>
        SuccessfulCall.ByPrincipal(e) && !e.UserIdentity.InvokedBy.Equals("cloudformation.amazonaws.com"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} replaced the code of Lambda function {e.RequestParameters.Property("functionName"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("functionName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["function"] = e.RequestParameters.Property("functionName"u8),
        ["codeSha256"] = e.Get("responseElements.codeSha256"u8),
        ["s3Bucket"] = e.RequestParameters.Property("s3Bucket"u8),
        ["s3Key"] = e.RequestParameters.Property("s3Key"u8),
        ["imageUri"] = e.RequestParameters.Property("imageUri"u8),
    };
}

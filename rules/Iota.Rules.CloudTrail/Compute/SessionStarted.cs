using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class SessionStarted : Rule
{
    public override string Id => "AWS.SSM.SessionStarted";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "An interactive Session Manager shell was opened on an instance or managed node. It is the normal admin path " +
        "in many fleets, and equally an attacker's way onto a host with only IAM credentials, so it is worth a " +
        "lightweight record of who went where.";

    public override string Runbook =>
        "Check that the actor normally administers this target. If not, review the session transcript (if session " +
        "logging is configured), terminate the session (TerminateSession), and revoke the actor's credentials.";

    public override string Reference => "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html";

    public override IReadOnlyList<string> Tags => ["T1021.007", "T1651", "Lateral Movement"];

    public override IReadOnlyList<string> EventSources => ["ssm.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["StartSession"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} started a Session Manager session on {e.RequestParameters.Property("target"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("target"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["target"] = e.RequestParameters.Property("target"u8),
        ["documentName"] = e.RequestParameters.Property("documentName"u8),
        ["sessionId"] = e.Get("responseElements.sessionId"u8),
    };
}

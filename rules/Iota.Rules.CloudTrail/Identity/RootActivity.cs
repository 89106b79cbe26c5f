using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>The root user made an API call or console action other than signing in.</summary>
public sealed class RootActivity : Rule
{
    public override string Id => "AWS.IAM.RootActivity";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "The account's root user did something. Root cannot be restricted by IAM policies and is needed for only a " +
        "handful of tasks, so any use outside a planned break-glass procedure suggests stolen root credentials.";

    public override string Runbook =>
        "Ask the root credential's custodians whether a break-glass task was under way. If not, reset the root " +
        "password, rotate or remove its MFA and access keys, and review every root call from the same source IP in " +
        "the alert window.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html";

    public override IReadOnlyList<string> Tags => ["T1078.004", "Privilege Escalation", "Persistence"];

    public override bool Match(Event e)
    {
        // Root can call any API on any service, so neither prefilter applies; IsRoot is a cheap first test.
        // Sign-ins have their own rule, and calls AWS services make on root's behalf are not root acting.
        return e.UserIdentity.IsRoot
            && !e.UserIdentity.InvokedBy.Exists
            && !e.Get("eventType"u8).Equals("AwsServiceEvent"u8)
            && !e.EventName.Equals("ConsoleLogin"u8);
    }

    public override string Title(Event e) =>
        $"Root user of account {e.UserIdentity.AccountId} called {e.EventSource}:{e.EventName} from {e.SourceIpAddress}";

    public override string Dedup(Event e) => $"{e.UserIdentity.AccountId}|{e.SourceIpAddress}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["eventSource"] = e.EventSource,
        ["eventName"] = e.EventName,
        ["errorCode"] = e.ErrorCode,
        ["accessKeyId"] = e.UserIdentity.AccessKeyId,
        ["requestParameters"] = e.RequestParameters,
    };
}

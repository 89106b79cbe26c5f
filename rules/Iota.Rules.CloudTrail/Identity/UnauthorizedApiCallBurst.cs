using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>A principal made many API calls that were refused for lack of permission.</summary>
public sealed class UnauthorizedApiCallBurst : Rule
{
    public override string Id => "AWS.IAM.UnauthorizedApiCallBurst";

    public override Severity Severity => Severity.Medium;

    public override int Threshold => 10;

    public override int DedupPeriodMinutes => 10;

    public override string Description =>
        "One principal had ten or more API calls denied within ten minutes. Stolen credentials are usually probed " +
        "to learn what they can do, which shows up as a run of AccessDenied errors across services.";

    public override string Runbook =>
        "Look at which APIs were denied and from which IP and user agent. If the pattern looks like enumeration " +
        "rather than a broken deployment, deactivate the credentials, and check which calls from the same " +
        "principal succeeded.";

    public override string Reference => "https://attack.mitre.org/techniques/T1580/";

    public override IReadOnlyList<string> Tags => ["T1580", "T1526", "Discovery"];

    public override bool Match(Event e)
    {
        // Any API on any service can be refused, so neither prefilter applies; the error code is read first because
        // it is missing from almost every event. Services acting for a principal and anonymous requests (internet
        // scans of S3 buckets) are not someone probing what their credentials allow.
        return e.ErrorCode.IsOneOf("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation")
            && !e.UserIdentity.Type.Equals("AWSService"u8)
            && !e.UserIdentity.InvokedBy.Exists
            && !e.UserIdentity.AccountId.Equals("ANONYMOUS_PRINCIPAL"u8);
    }

    public override string Title(Event e) =>
        $"Repeated access denied errors for {e.UserIdentity.DisplayName()}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["eventSource"] = e.EventSource,
        ["eventName"] = e.EventName,
        ["errorCode"] = e.ErrorCode,
        ["errorMessage"] = e.ErrorMessage,
        ["accessKeyId"] = e.UserIdentity.AccessKeyId,
    };
}

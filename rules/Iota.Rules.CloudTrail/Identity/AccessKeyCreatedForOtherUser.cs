using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An access key was created for a user other than the caller.</summary>
public sealed class AccessKeyCreatedForOtherUser : Rule
{
    public override string Id => "AWS.IAM.AccessKeyCreatedForOtherUser";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone created an access key for a different IAM user. The key's secret goes to the caller, not the user, " +
        "which makes this a quiet way to gain long-lived access under another identity.";

    public override string Runbook =>
        "Ask the target user whether they expected a new key. If not, deactivate and delete the key named in the " +
        "alert, review any calls already made with it (userIdentity.accessKeyId), and review the actor's other " +
        "IAM changes.";

    public override string Reference => "https://attack.mitre.org/techniques/T1098/001/";

    public override IReadOnlyList<string> Tags => ["T1098.001", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateAccessKey"];

    public override bool Match(Event e) => !e.IsError && TargetPrincipal.IsUserOtherThanCaller(e);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} created access key {e.Get("responseElements.accessKey.accessKeyId")} for IAM user {e.Get("requestParameters.userName")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.userName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["targetUser"] = e.Get("requestParameters.userName"),
        ["accessKeyId"] = e.Get("responseElements.accessKey.accessKeyId"),
    };
}

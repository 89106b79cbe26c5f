using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>A console password was created or reset for a user other than the caller.</summary>
public sealed class LoginProfileChangedForOtherUser : Rule
{
    public override string Id => "AWS.IAM.LoginProfileChangedForOtherUser";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone created or changed the console password of another IAM user. Whoever sets the password can sign " +
        "in as that user, so attackers use it to take over existing users or give a programmatic-only user console " +
        "access that blends in.";

    public override string Runbook =>
        "Confirm with the target user and the actor whether a password reset was requested. If not, delete or " +
        "reset the login profile with passwordResetRequired, review console sign-ins by the target user since the " +
        "change, and review the actor's other IAM changes.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html";

    public override IReadOnlyList<string> Tags => ["T1098", "Persistence", "Privilege Escalation"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateLoginProfile", "UpdateLoginProfile"];

    public override bool Match(Event e) => !e.IsError && TargetPrincipal.IsUserOtherThanCaller(e);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} {(e.EventName.Equals("CreateLoginProfile"u8) ? "created" : "changed")} the console password of IAM user {e.Get("requestParameters.userName")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.userName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["targetUser"] = e.Get("requestParameters.userName"),
        ["passwordResetRequired"] = e.Get("requestParameters.passwordResetRequired"),
        ["eventName"] = e.EventName,
    };
}

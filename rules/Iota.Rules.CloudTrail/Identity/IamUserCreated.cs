using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An IAM user was created.</summary>
public sealed class IamUserCreated : Rule
{
    public override string Id => "AWS.IAM.UserCreated";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "A new IAM user was created. Long-lived IAM users are a common persistence foothold, and in accounts that " +
        "use SSO or roles for people any new user deserves a look.";

    public override string Runbook =>
        "Check that the user matches a ticket or infrastructure change. If not, look for access keys, login " +
        "profiles and policies added to it by the same actor, and delete the user if it is unexplained.";

    public override string Reference => "https://attack.mitre.org/techniques/T1136/003/";

    public override IReadOnlyList<string> Tags => ["T1136.003", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateUser"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} created IAM user {e.Get("requestParameters.userName")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.userName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["newUser"] = e.Get("requestParameters.userName"),
        ["newUserArn"] = e.Get("responseElements.user.arn"),
        ["tags"] = e.Get("requestParameters.tags"),
    };
}

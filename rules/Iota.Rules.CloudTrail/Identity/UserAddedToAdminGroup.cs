using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>A user was added to an IAM group whose name marks it as administrative.</summary>
public sealed class UserAddedToAdminGroup : Rule
{
    public override string Id => "AWS.IAM.UserAddedToAdminGroup";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A user was added to a group named like an administrator group. Group membership is an easy way to hand " +
        "out the group's permissions without touching any policy, and attackers use it to escalate a foothold " +
        "user.";

    public override string Runbook =>
        "Confirm the membership with the group's owner. If it is unexplained, remove the user from the group, " +
        "check the user's recent activity and credentials, and review who else joined privileged groups recently.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html";

    public override IReadOnlyList<string> Tags => ["T1098", "Privilege Escalation", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["AddUserToGroup"];

    // The event carries only the group's name, not its policies, so the name is what can be judged here.
    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        JsonField group = e.Get("requestParameters.groupName"u8);
        return group.ContainsIgnoreCase("admin")
            || group.ContainsIgnoreCase("poweruser")
            || group.ContainsIgnoreCase("superuser");
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} added user {e.Get("requestParameters.userName")} to group {e.Get("requestParameters.groupName")}";

    public override string Dedup(Event e) => $"{e.Get("requestParameters.userName")}|{e.Get("requestParameters.groupName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["userName"] = e.Get("requestParameters.userName"),
        ["groupName"] = e.Get("requestParameters.groupName"),
    };
}

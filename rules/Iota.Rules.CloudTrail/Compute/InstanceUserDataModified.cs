using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class InstanceUserDataModified : Rule
{
    public override string Id => "AWS.EC2.InstanceUserDataModified";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An instance's user data was replaced. User data scripts run as root when the instance next starts, so " +
        "changing them (usually with a stop/start) gives code execution on the instance without touching its network " +
        "or its credentials.";

    public override string Runbook =>
        "Retrieve the new user data (DescribeInstanceAttribute userData) and read it. If it is not from your " +
        "deployment tooling, stop the instance, restore the previous user data, and investigate what ran at the last " +
        "boot. Check for StopInstances/StartInstances by the same actor around the change.";

    public override string Reference => "https://attack.mitre.org/techniques/T1037/";

    public override IReadOnlyList<string> Tags => ["T1037", "T1059", "Persistence", "Execution"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ModifyInstanceAttribute"];

    // The new script is written either as a userData member or as attribute=userData with a value.
    public override bool Match(Event e) =>
        !e.IsError
        && (e.RequestParameters.Property("userData"u8).Exists || e.RequestParameters.Property("attribute"u8).Equals("userData"u8));

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} changed the user data of EC2 instance {e.RequestParameters.Property("instanceId"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("instanceId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["instanceId"] = e.RequestParameters.Property("instanceId"u8),
    };
}

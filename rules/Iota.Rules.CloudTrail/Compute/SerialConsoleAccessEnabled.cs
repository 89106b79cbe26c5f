using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class SerialConsoleAccessEnabled : Rule
{
    public override string Id => "AWS.EC2.SerialConsoleAccessEnabled";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "EC2 serial console access was enabled for the account in a region. The serial console reaches an instance " +
        "even when its network, security groups and SSH daemon are locked down, so it is off by default.";

    public override string Runbook =>
        "Ask the actor which instance needed console repair. If no one did, disable it again " +
        "(DisableSerialConsoleAccess) and look for SendSerialConsoleSSHPublicKey calls in the region.";

    public override string Reference => "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configure-access-to-serial-console.html";

    public override IReadOnlyList<string> Tags => ["T1021", "Lateral Movement"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["EnableSerialConsoleAccess"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} enabled EC2 serial console access in {e.AwsRegion} of account {e.RecipientAccountId}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RecipientAccountId}:{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor");
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class SshPublicKeyPushed : Rule
{
    public override string Id => "AWS.EC2InstanceConnect.SshPublicKeyPushed";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "An SSH public key was pushed to an instance (or its serial console) through EC2 Instance Connect. It grants " +
        "60 seconds to log in as the named OS user with no key pair or bastion, which attackers with IAM access use " +
        "to move onto instances.";

    public override string Runbook =>
        "Confirm with the actor that they connected to this instance. If not, check the instance's auth logs for " +
        "the login that followed, isolate it if needed, and restrict ec2-instance-connect:SendSSHPublicKey in IAM.";

    public override string Reference => "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-linux-inst-eic.html";

    public override IReadOnlyList<string> Tags => ["T1021.004", "T1098.004", "Lateral Movement"];

    public override IReadOnlyList<string> EventSources => ["ec2-instance-connect.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"];

    public override bool Match(Event e) => !e.IsError;

    // The serial console bypasses network controls entirely and is seldom used outside break-glass repairs.
    public override Severity SeverityFor(Event e) => e.EventName.Equals("SendSerialConsoleSSHPublicKey"u8) ? Severity.Medium : Severity;

    public override string Title(Event e) => e.EventName.Equals("SendSerialConsoleSSHPublicKey"u8)
        ? $"{e.UserIdentity.DisplayName()} pushed an SSH key to the serial console of EC2 instance {e.RequestParameters.Property("instanceId"u8)}"
        : $"{e.UserIdentity.DisplayName()} pushed an SSH key for {e.RequestParameters.Property("instanceOSUser"u8)} to EC2 instance {e.RequestParameters.Property("instanceId"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("instanceId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["instanceId"] = e.RequestParameters.Property("instanceId"u8),
        ["osUser"] = e.RequestParameters.Property("instanceOSUser"u8),
        ["serialPort"] = e.RequestParameters.Property("serialPort"u8),
    };
}

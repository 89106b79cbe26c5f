using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Secrets;

public sealed class WindowsPasswordDataRetrieved : Rule
{
    public override string Id => "AWS.EC2.WindowsPasswordDataRetrieved";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "The encrypted Windows administrator password of an instance was retrieved. With the launch key pair's " +
        "private key it decrypts to the local Administrator password, a direct path to RDP on the instance; few " +
        "people need it once an instance is set up.";

    public override string Runbook =>
        "Confirm with the actor that they administer this instance. If not, rotate the local Administrator password, " +
        "check RDP and WinRM logons on the instance, and revoke the actor's credentials.";

    public override string Reference => "https://attack.mitre.org/techniques/T1552/";

    public override IReadOnlyList<string> Tags => ["T1552", "Credential Access"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["GetPasswordData"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} retrieved the Windows password data of EC2 instance {e.RequestParameters.Property("instanceId"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("instanceId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["instanceId"] = e.RequestParameters.Property("instanceId"u8),
    };
}

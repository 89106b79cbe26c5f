using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class ShellCommandSent : Rule
{
    public override string Id => "AWS.SSM.ShellCommandSent";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Systems Manager Run Command sent an arbitrary shell or PowerShell script (AWS-RunShellScript, " +
        "AWS-RunPowerShellScript) to instances. It runs as root/SYSTEM without SSH or RDP, so a stolen IAM identity " +
        "with ssm:SendCommand becomes remote code execution on the fleet.";

    public override string Runbook =>
        "Get the command's parameters and output (GetCommandInvocation for the command id in the alert context, or the " +
        "output bucket). If the actor or the script is unexpected, isolate the targeted instances and revoke the " +
        "actor's sessions.";

    public override string Reference => "https://attack.mitre.org/techniques/T1651/";

    public override IReadOnlyList<string> Tags => ["T1651", "Execution"];

    public override IReadOnlyList<string> EventSources => ["ssm.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["SendCommand"];

    public override bool Match(Event e) =>
        SuccessfulCall.ByPrincipal(e)
        && e.RequestParameters.Property("documentName"u8).IsOneOf("AWS-RunShellScript", "AWS-RunPowerShellScript");

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} ran {e.RequestParameters.Property("documentName"u8)} on {Targets(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("documentName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["documentName"] = e.RequestParameters.Property("documentName"u8),
        ["instanceIds"] = e.RequestParameters.Property("instanceIds"u8),
        ["targets"] = e.RequestParameters.Property("targets"u8),
        ["commandId"] = e.Get("responseElements.command.commandId"u8),
    };

    private static string Targets(Event e)
    {
        JsonField instances = e.RequestParameters.Property("instanceIds"u8);
        return instances.Count switch
        {
            0 => "instances selected by tag or resource group",
            1 => $"EC2 instance {instances[0]}",
            int n => $"{n} EC2 instances",
        };
    }
}

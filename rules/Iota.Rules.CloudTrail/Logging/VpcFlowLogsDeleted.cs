using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>VPC flow logs were deleted.</summary>
public sealed class VpcFlowLogsDeleted : Rule
{
    public override string Id => "AWS.EC2.FlowLogsDeleted";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone deleted one or more VPC flow logs, ending the record of network traffic for those VPCs, subnets " +
        "or interfaces. Without it, exfiltration and lateral movement leave no network trace.";

    public override string Runbook =>
        "Identify the VPC or interface each flow log covered (describe-flow-logs in the account's backups or " +
        "infrastructure code). If the deletion was not planned, recreate the flow logs and review the actor's " +
        "recent EC2 and network changes.";

    public override string Reference => "https://attack.mitre.org/techniques/T1562/008/";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteFlowLogs"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted VPC flow log(s) {string.Join(", ", FlowLogIds(e))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.RecipientAccountId}|{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["flowLogIds"] = FlowLogIds(e),
    };

    // The EC2 query API is logged as XML turned JSON: one id is an object, several are an array of them.
    private static List<string> FlowLogIds(Event e)
    {
        JsonField ids = e.Get("requestParameters.DeleteFlowLogsRequest.FlowLogId"u8);
        var result = new List<string>();
        if (ids.Kind == JsonFieldKind.Array)
        {
            foreach (JsonField id in ids.EnumerateArray())
            {
                result.Add(id.Get("content"u8).ToString());
            }
        }
        else if (ids.Exists)
        {
            result.Add(ids.Get("content"u8).ToString());
        }

        return result;
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class UnusualInstanceLaunch : Rule
{
    // GPU, accelerator and very-high-memory families: what cryptominers and model thieves rent.
    private static readonly string[] CostlyFamilies =
        ["p2.", "p3.", "p3dn.", "p4d.", "p4de.", "p5.", "p5e.", "p5en.", "p6-", "g3.", "g3s.", "g4dn.", "g4ad.", "g5.", "g5g.", "g6.", "g6e.", "gr6.",
         "x1.", "x1e.", "x2gd.", "x2idn.", "x2iedn.", "x2iezn.", "x8g.", "trn1.", "trn1n.", "trn2.", "inf1.", "inf2.", "dl1.", "dl2q."];

    private static readonly string[] HugeSizes = [".metal", ".24xlarge", ".32xlarge", ".48xlarge"];

    // One request that asks for this many instances is unusual for hand-made launches.
    private const long ManyInstances = 20;

    public override string Id => "AWS.EC2.UnusualInstanceLaunch";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Instances were launched from a GPU/accelerator or very-high-memory family, at a .metal or 24xlarge-and-up " +
        "size, or twenty or more at once. Compromised accounts are rented out for cryptomining and model training this " +
        "way, and the bill arrives before anyone notices.";

    public override string Runbook =>
        "Ask the actor or the team that owns the account whether the launch is planned. If not, terminate the " +
        "instances, check their user data and AMI for miners, revoke the actor's credentials, and look for the same " +
        "launch in other regions.";

    public override string Reference => "https://attack.mitre.org/techniques/T1496/";

    public override IReadOnlyList<string> Tags => ["T1496", "T1578.002", "Impact"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["RunInstances"];

    public override bool Match(Event e)
    {
        // Auto Scaling launches follow a group someone created on purpose; that creation is the event to review.
        if (e.IsError || e.UserIdentity.Type.Equals("AWSService"u8) || e.UserIdentity.InvokedBy.Equals("autoscaling.amazonaws.com"u8))
        {
            return false;
        }

        JsonField type = e.RequestParameters.Property("instanceType"u8);
        foreach (string family in CostlyFamilies)
        {
            if (type.StartsWith(family))
            {
                return true;
            }
        }

        foreach (string size in HugeSizes)
        {
            if (type.EndsWith(size))
            {
                return true;
            }
        }

        return Requested(e) >= ManyInstances;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} launched {Requested(e)} {e.RequestParameters.Property("instanceType"u8)} instance(s) in {e.AwsRegion}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["instanceType"] = e.RequestParameters.Property("instanceType"u8),
        ["requestedCount"] = Requested(e),
        ["imageId"] = e.RequestParameters.Get("instancesSet.items[0].imageId"u8),
        ["instanceIds"] = InstanceIds(e),
    };

    private static long Requested(Event e)
    {
        long total = 0;
        foreach (JsonField item in e.RequestParameters.Get("instancesSet.items"u8).EnumerateArray())
        {
            total += item.Property("maxCount"u8).AsInt64() ?? item.Property("minCount"u8).AsInt64() ?? 1;
        }

        // A launch always starts at least one instance, even when the request omits the counts.
        return Math.Max(total, 1);
    }

    private static List<string> InstanceIds(Event e)
    {
        var ids = new List<string>();
        foreach (JsonField item in e.Get("responseElements.instancesSet.items"u8).EnumerateArray())
        {
            ids.Add(item.Property("instanceId"u8).ToString());
        }

        return ids;
    }
}

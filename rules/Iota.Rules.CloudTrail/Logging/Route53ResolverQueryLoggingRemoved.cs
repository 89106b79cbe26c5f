using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>Route 53 Resolver query logging was deleted or detached from a VPC.</summary>
public sealed class Route53ResolverQueryLoggingRemoved : Rule
{
    public override string Id => "AWS.Route53Resolver.QueryLoggingRemoved";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A Resolver query logging configuration was deleted, or detached from a VPC. DNS lookups made from inside " +
        "the VPC stop being logged, which hides malware beaconing and DNS-based exfiltration.";

    public override string Runbook =>
        "Identify the VPCs that lost query logging (resourceId, or the configuration's associations). If the " +
        "change was not planned, re-associate or recreate the configuration and review the actor's recent VPC and " +
        "Resolver changes.";

    public override string Reference => "https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DisassociateResolverQueryLogConfig.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["route53resolver.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} removed Resolver query logging {e.Get("requestParameters.resolverQueryLogConfigId")}{Vpc(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.resolverQueryLogConfigId")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["resolverQueryLogConfigId"] = e.Get("requestParameters.resolverQueryLogConfigId"),
        ["vpc"] = e.Get("requestParameters.resourceId"),
    };

    // A disassociation names the VPC that stopped logging; a deletion affects every VPC it was attached to.
    private static string Vpc(Event e)
    {
        JsonField vpc = e.Get("requestParameters.resourceId"u8);
        return vpc.IsNullOrEmpty ? "" : $" from {vpc}";
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class NetworkAclAllowsInternetIngress : Rule
{
    public override string Id => "AWS.EC2.NetworkAclAllowsInternetIngress";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A network ACL entry now allows inbound traffic from 0.0.0.0/0 or ::/0 on all protocols or on an " +
        "administrative or database port. NACLs are the subnet-wide backstop behind security groups; opening them " +
        "removes the second layer an exposed service would otherwise still have.";

    public override string Runbook =>
        "Check which subnets the ACL is associated with and whether the entry is part of an approved network " +
        "change. If not, replace or delete the entry and review security groups in those subnets for the same opening.";

    public override string Reference => "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html";

    public override IReadOnlyList<string> Tags => ["T1562.007", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateNetworkAclEntry", "ReplaceNetworkAclEntry"];

    public override bool Match(Event e)
    {
        JsonField request = e.RequestParameters;
        return !e.IsError
            && request.Property("egress"u8).AsBoolean() == false
            && request.Property("ruleAction"u8).Equals("allow"u8)
            && (request.Property("cidrBlock"u8).Equals("0.0.0.0/0"u8) || request.Property("ipv6CidrBlock"u8).Equals("::/0"u8))
            && ExposedPort(e) != AdministrativePorts.None;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} allowed internet ingress on {AdministrativePorts.Describe(ExposedPort(e))} in network ACL {e.RequestParameters.Property("networkAclId"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("networkAclId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["networkAclId"] = e.RequestParameters.Property("networkAclId"u8),
        ["ruleNumber"] = e.RequestParameters.Property("ruleNumber"u8),
        ["protocol"] = e.RequestParameters.Property("aclProtocol"u8),
        ["portRange"] = e.RequestParameters.Property("portRange"u8),
        ["cidrBlock"] = e.RequestParameters.Property("cidrBlock"u8),
        ["ipv6CidrBlock"] = e.RequestParameters.Property("ipv6CidrBlock"u8),
    };

    private static int ExposedPort(Event e)
    {
        JsonField request = e.RequestParameters;
        return AdministrativePorts.FirstReached(
            request.Property("aclProtocol"u8), request.Get("portRange.from"u8), request.Get("portRange.to"u8));
    }
}

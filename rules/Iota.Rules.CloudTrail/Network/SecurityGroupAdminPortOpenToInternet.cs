using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class SecurityGroupAdminPortOpenToInternet : Rule
{
    public override string Id => "AWS.EC2.SecurityGroupAdminPortOpenToInternet";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A security group rule now admits 0.0.0.0/0 or ::/0 to an administrative or database port (SSH, RDP, WinRM, " +
        "SMB, Telnet, SQL Server, MySQL, PostgreSQL, Redis, Elasticsearch, MongoDB) or to all ports. Internet-wide " +
        "scanners find such openings within minutes.";

    public override string Runbook =>
        "Find which instances, databases or load balancers use the group. Unless the opening is approved, revoke the " +
        "rule (RevokeSecurityGroupIngress with the rule id in the alert context) and check the exposed services' " +
        "logs for logins from unknown addresses since the change.";

    public override string Reference => "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html";

    public override IReadOnlyList<string> Tags => ["T1562.007", "T1133", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["AuthorizeSecurityGroupIngress"];

    public override bool Match(Event e) => !e.IsError && ExposedPort(e) != AdministrativePorts.None;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} opened {AdministrativePorts.Describe(ExposedPort(e))} of security group {Group(e)} to the internet";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{Group(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["groupId"] = Group(e),
        ["ipPermissions"] = e.RequestParameters.Get("ipPermissions.items"u8),
        ["securityGroupRules"] = e.Get("responseElements.securityGroupRuleSet.items"u8),
    };

    // Default-VPC calls may name the group instead of giving its id.
    private static JsonField Group(Event e)
    {
        JsonField id = e.RequestParameters.Property("groupId"u8);
        return id.Exists ? id : e.RequestParameters.Property("groupName"u8);
    }

    private static int ExposedPort(Event e)
    {
        // The pre-IpPermissions request form names one CIDR and port range at the top level.
        JsonField request = e.RequestParameters;
        if (request.Property("cidrIp"u8).Equals("0.0.0.0/0"u8))
        {
            int legacy = AdministrativePorts.FirstReached(
                request.Property("ipProtocol"u8), request.Property("fromPort"u8), request.Property("toPort"u8));
            if (legacy != AdministrativePorts.None)
            {
                return legacy;
            }
        }

        foreach (JsonField permission in e.RequestParameters.Get("ipPermissions.items"u8).EnumerateArray())
        {
            if (!OpenToInternet(permission))
            {
                continue;
            }

            int port = AdministrativePorts.FirstReached(
                permission.Property("ipProtocol"u8), permission.Property("fromPort"u8), permission.Property("toPort"u8));
            if (port != AdministrativePorts.None)
            {
                return port;
            }
        }

        return AdministrativePorts.None;
    }

    private static bool OpenToInternet(JsonField permission)
    {
        foreach (JsonField range in permission.Get("ipRanges.items"u8).EnumerateArray())
        {
            if (range.Property("cidrIp"u8).Equals("0.0.0.0/0"u8))
            {
                return true;
            }
        }

        foreach (JsonField range in permission.Get("ipv6Ranges.items"u8).EnumerateArray())
        {
            if (range.Property("cidrIpv6"u8).Equals("::/0"u8))
            {
                return true;
            }
        }

        return false;
    }
}

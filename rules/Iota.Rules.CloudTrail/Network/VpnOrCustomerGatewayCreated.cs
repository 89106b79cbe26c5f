using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class VpnOrCustomerGatewayCreated : Rule
{
    public override string Id => "AWS.EC2.VpnOrCustomerGatewayCreated";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A customer gateway or a site-to-site VPN connection was created. Together they build a private tunnel from " +
        "the VPC to an outside network; pointed at attacker infrastructure, it is a durable channel for access and " +
        "exfiltration that bypasses internet-facing controls.";

    public override string Runbook =>
        "Check the customer gateway's public IP in the alert context against your offices and data centres. If it is " +
        "unknown, delete the VPN connection and customer gateway and review route propagation to the VPN gateway.";

    public override string Reference => "https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html";

    public override IReadOnlyList<string> Tags => ["T1133", "T1599", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateCustomerGateway", "CreateVpnConnection"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) => e.EventName.Equals("CreateCustomerGateway"u8)
        ? $"{e.UserIdentity.DisplayName()} created a customer gateway for {e.RequestParameters.Property("ipAddress"u8)}"
        : $"{e.UserIdentity.DisplayName()} created a VPN connection to customer gateway {e.RequestParameters.Property("customerGatewayId"u8)}";

    public override string Dedup(Event e) => e.UserIdentity.DisplayName();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["customerGatewayIp"] = e.RequestParameters.Property("ipAddress"u8),
        ["bgpAsn"] = e.RequestParameters.Property("bgpAsn"u8),
        ["customerGatewayId"] = e.RequestParameters.Property("customerGatewayId"u8),
        ["vpnGatewayId"] = e.RequestParameters.Property("vpnGatewayId"u8),
        ["transitGatewayId"] = e.RequestParameters.Property("transitGatewayId"u8),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class InternetOrNatGatewayChanged : Rule
{
    public override string Id => "AWS.EC2.InternetOrNatGatewayChanged";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "An internet gateway was created, attached, detached or deleted, or a NAT gateway was created or deleted. " +
        "These give a VPC its way to the internet: a new one can open an egress path from a network meant to be " +
        "isolated, and a removed one can cut off a service.";

    public override string Runbook =>
        "Check the VPC or subnet in the alert context against your network design. For an unexpected attach or " +
        "create in a private VPC, look for matching route changes (AWS.EC2.RouteTableModified) and ask the actor.";

    public override string Reference => "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html";

    public override IReadOnlyList<string> Tags => ["T1599", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames =>
        ["CreateInternetGateway", "AttachInternetGateway", "DetachInternetGateway", "DeleteInternetGateway", "CreateNatGateway", "DeleteNatGateway"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e)
    {
        string actor = e.UserIdentity.DisplayName();
        JsonField vpc = e.RequestParameters.Property("vpcId"u8);
        return e.EventName.ToString() switch
        {
            "CreateInternetGateway" => $"{actor} created internet gateway {Gateway(e)}",
            "AttachInternetGateway" => $"{actor} attached internet gateway {Gateway(e)} to {vpc}",
            "DetachInternetGateway" => $"{actor} detached internet gateway {Gateway(e)} from {vpc}",
            "DeleteInternetGateway" => $"{actor} deleted internet gateway {Gateway(e)}",
            "CreateNatGateway" => $"{actor} created NAT gateway {Gateway(e)} in {e.RequestParameters.Property("subnetId"u8)}",
            _ => $"{actor} deleted NAT gateway {Gateway(e)}",
        };
    }

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{Gateway(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["gatewayId"] = Gateway(e),
        ["vpcId"] = e.RequestParameters.Property("vpcId"u8),
        ["subnetId"] = e.RequestParameters.Property("subnetId"u8),
    };

    // Created gateways get their id in the response; the other calls name it in the request.
    private static JsonField Gateway(Event e)
    {
        foreach (JsonField candidate in (ReadOnlySpan<JsonField>)[
            e.RequestParameters.Property("internetGatewayId"u8), e.RequestParameters.Property("natGatewayId"u8),
            e.Get("responseElements.internetGateway.internetGatewayId"u8), e.Get("responseElements.CreateNatGatewayResponse.natGateway.natGatewayId"u8),
            e.Get("responseElements.natGateway.natGatewayId"u8)])
        {
            if (candidate.Exists)
            {
                return candidate;
            }
        }

        return JsonField.Missing;
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class RouteTableModified : Rule
{
    public override string Id => "AWS.EC2.RouteTableModified";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "A route was created, replaced or deleted, a route table was deleted, or a subnet was moved to another route " +
        "table. Routes decide whether a private subnet can reach the internet or a peered network, so a new default " +
        "route or a re-pointed one can open an exfiltration path or bypass an inspection appliance.";

    public override string Runbook =>
        "Look at the destination and target in the alert context. A 0.0.0.0/0 route to an internet gateway, a peering " +
        "connection or an unknown instance/ENI in a private subnet deserves a call to the actor; restore the route from " +
        "your network baseline if it was not planned.";

    public override string Reference => "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html";

    public override IReadOnlyList<string> Tags => ["T1599", "T1562.007", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames =>
        ["CreateRoute", "ReplaceRoute", "DeleteRoute", "DeleteRouteTable", "ReplaceRouteTableAssociation"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e)
    {
        string actor = e.UserIdentity.DisplayName();
        JsonField table = e.RequestParameters.Property("routeTableId"u8);
        string destination = Destination(e).ToString();
        return e.EventName.ToString() switch
        {
            "CreateRoute" => $"{actor} added route {destination} to route table {table}",
            "ReplaceRoute" => $"{actor} re-pointed route {destination} in route table {table}",
            "DeleteRoute" => $"{actor} deleted route {destination} from route table {table}",
            "DeleteRouteTable" => $"{actor} deleted route table {table}",
            _ => $"{actor} moved association {e.RequestParameters.Property("associationId"u8)} to route table {table}",
        };
    }

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("routeTableId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["routeTableId"] = e.RequestParameters.Property("routeTableId"u8),
        ["destination"] = Destination(e),
        ["request"] = e.RequestParameters,
    };

    private static JsonField Destination(Event e)
    {
        JsonField request = e.RequestParameters;
        foreach (JsonField candidate in (ReadOnlySpan<JsonField>)[
            request.Property("destinationCidrBlock"u8), request.Property("destinationIpv6CidrBlock"u8), request.Property("destinationPrefixListId"u8)])
        {
            if (candidate.Exists)
            {
                return candidate;
            }
        }

        return JsonField.Missing;
    }
}

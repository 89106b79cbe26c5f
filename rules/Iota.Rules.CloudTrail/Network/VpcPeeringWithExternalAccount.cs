using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class VpcPeeringWithExternalAccount : Rule
{
    public override string Id => "AWS.EC2.VpcPeeringWithExternalAccount";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A VPC peering connection was requested to, or accepted from, a VPC owned by another AWS account. Peering " +
        "joins two private networks; with an unknown account it gives that account a network path to internal " +
        "services that are never exposed to the internet.";

    public override string Runbook =>
        "Check whether the other account belongs to your organisation or an approved partner. If not, delete or " +
        "reject the peering connection and look for routes that were added towards it.";

    public override string Reference => "https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html";

    public override IReadOnlyList<string> Tags => ["T1599", "T1537", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection"];

    public override bool Match(Event e) => !e.IsError && OtherAccount(e).Exists;

    public override string Title(Event e) => e.EventName.Equals("CreateVpcPeeringConnection"u8)
        ? $"{e.UserIdentity.DisplayName()} requested VPC peering from {e.RequestParameters.Property("vpcId"u8)} to account {OtherAccount(e)}"
        : $"{e.UserIdentity.DisplayName()} accepted VPC peering {e.RequestParameters.Property("vpcPeeringConnectionId"u8)} from account {OtherAccount(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{OtherAccount(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["otherAccount"] = OtherAccount(e),
        ["vpcId"] = e.RequestParameters.Property("vpcId"u8),
        ["peerVpcId"] = e.RequestParameters.Property("peerVpcId"u8),
        ["peerRegion"] = e.RequestParameters.Property("peerRegion"u8),
        ["vpcPeeringConnection"] = e.Get("responseElements.vpcPeeringConnection"u8),
    };

    // A request names the peer owner; an acceptance carries the requester's owner in the response.
    private static JsonField OtherAccount(Event e)
    {
        JsonField owner = e.EventName.Equals("CreateVpcPeeringConnection"u8)
            ? e.RequestParameters.Property("peerOwnerId"u8)
            : e.Get("responseElements.vpcPeeringConnection.requesterVpcInfo.ownerId"u8);
        return owner.Kind == JsonFieldKind.String && !owner.RawJson.SequenceEqual(e.RecipientAccountId.RawJson) ? owner : JsonField.Missing;
    }
}

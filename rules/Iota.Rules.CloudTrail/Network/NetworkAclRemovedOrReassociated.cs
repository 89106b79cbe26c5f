using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

public sealed class NetworkAclRemovedOrReassociated : Rule
{
    public override string Id => "AWS.EC2.NetworkAclRemovedOrReassociated";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "A network ACL or one of its entries was deleted, or a subnet was moved to a different ACL. Any of these can " +
        "silently remove a deny rule that kept a subnet isolated; CloudTrail does not record what the removed entry " +
        "said, so the change needs a look.";

    public override string Runbook =>
        "Compare the ACL's current entries with your network baseline (infrastructure code, AWS Config history) and " +
        "restore any deny rule that went missing. Confirm the change with the actor.";

    public override string Reference => "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html";

    public override IReadOnlyList<string> Tags => ["T1562.007", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclAssociation"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    public override string Title(Event e)
    {
        string actor = e.UserIdentity.DisplayName();
        JsonField acl = e.RequestParameters.Property("networkAclId"u8);
        if (e.EventName.Equals("DeleteNetworkAclEntry"u8))
        {
            string direction = e.RequestParameters.Property("egress"u8).AsBoolean() == true ? "egress" : "ingress";
            return $"{actor} deleted {direction} rule {e.RequestParameters.Property("ruleNumber"u8)} of network ACL {acl}";
        }

        return e.EventName.Equals("DeleteNetworkAcl"u8)
            ? $"{actor} deleted network ACL {acl}"
            : $"{actor} moved association {e.RequestParameters.Property("associationId"u8)} to network ACL {acl}";
    }

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("networkAclId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["networkAclId"] = e.RequestParameters.Property("networkAclId"u8),
        ["ruleNumber"] = e.RequestParameters.Property("ruleNumber"u8),
        ["egress"] = e.RequestParameters.Property("egress"u8),
        ["associationId"] = e.RequestParameters.Property("associationId"u8),
        ["newAssociationId"] = e.Get("responseElements.newAssociationId"u8),
    };
}

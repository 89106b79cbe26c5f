using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class EbsSnapshotSharedExternally : Rule
{
    public override string Id => "AWS.EC2.SnapshotSharedExternally";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An EBS snapshot was shared publicly or with another AWS account. Whoever receives it can create a volume " +
        "and read the whole disk, including databases, keys and credentials, with no further trace in your account.";

    public override string Runbook =>
        "Check whether the receiving account is one of yours. If not, remove the permission (ModifySnapshotAttribute " +
        "remove), identify what the source volume held, and treat secrets on it as exposed. Review other snapshot and " +
        "AMI sharing by the same actor.";

    public override string Reference => "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html";

    public override IReadOnlyList<string> Tags => ["T1537", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ModifySnapshotAttribute"];

    // AWS Backup and Data Lifecycle Manager share snapshots with the vault or copy account their policies name;
    // the policy change is the reviewable event, not every scheduled share.
    public override bool Match(Event e) =>
        !e.IsError && !e.UserIdentity.InvokedBy.IsOneOf("backup.amazonaws.com", "dlm.amazonaws.com") && Grant(e).Exists;

    public override Severity SeverityFor(Event e) => Ec2SharingGrant.IsPublic(Grant(e)) ? Severity.Critical : Severity;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} shared EBS snapshot {e.RequestParameters.Property("snapshotId"u8)} {Ec2SharingGrant.Describe(Grant(e))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("snapshotId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["snapshotId"] = e.RequestParameters.Property("snapshotId"u8),
        ["createVolumePermission"] = e.RequestParameters.Property("createVolumePermission"u8),
    };

    private static JsonField Grant(Event e) =>
        Ec2SharingGrant.FirstOutsideGrant(e.RequestParameters.Property("createVolumePermission"u8), e.RecipientAccountId);
}

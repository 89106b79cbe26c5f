using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class RdsSnapshotSharedExternally : Rule
{
    public override string Id => "AWS.RDS.SnapshotSharedExternally";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An RDS or Aurora snapshot was shared publicly (\"all\") or with another AWS account. The receiver can restore " +
        "the entire database in their own account, which is one of the quietest ways to exfiltrate it.";

    public override string Runbook =>
        "Check whether the account in valuesToAdd belongs to your organisation. If not, remove it " +
        "(ModifyDBSnapshotAttribute valuesToRemove), find out which data the snapshot holds, and review who created " +
        "the snapshot and when (CreateDBSnapshot, CopyDBSnapshot by the same actor).";

    public override string Reference => "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html";

    public override IReadOnlyList<string> Tags => ["T1537", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["rds.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute"];

    // AWS Backup shares snapshots with the copy account its backup plan names; the plan change is the reviewable
    // event, not every scheduled share.
    public override bool Match(Event e) =>
        !e.IsError
        && !e.UserIdentity.InvokedBy.Equals("backup.amazonaws.com"u8)
        && e.RequestParameters.Property("attributeName"u8).Equals("restore"u8)
        && Recipient(e).Exists;

    public override Severity SeverityFor(Event e) => Recipient(e).Equals("all"u8) ? Severity.Critical : Severity;

    public override string Title(Event e) => Recipient(e).Equals("all"u8)
        ? $"{e.UserIdentity.DisplayName()} made RDS snapshot {Snapshot(e)} public"
        : $"{e.UserIdentity.DisplayName()} shared RDS snapshot {Snapshot(e)} with account {Recipient(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{Snapshot(e)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["snapshot"] = Snapshot(e),
        ["valuesToAdd"] = e.RequestParameters.Property("valuesToAdd"u8),
    };

    private static JsonField Snapshot(Event e)
    {
        JsonField instanceSnapshot = e.RequestParameters.Property("dBSnapshotIdentifier"u8);
        return instanceSnapshot.Exists ? instanceSnapshot : e.RequestParameters.Property("dBClusterSnapshotIdentifier"u8);
    }

    // "all" first, so a request that adds both a partner account and "all" is reported as public.
    private static JsonField Recipient(Event e)
    {
        JsonField foreign = JsonField.Missing;
        foreach (JsonField value in e.RequestParameters.Property("valuesToAdd"u8).EnumerateArray())
        {
            if (value.Equals("all"u8))
            {
                return value;
            }

            if (!foreign.Exists && value.Kind == JsonFieldKind.String && !value.RawJson.SequenceEqual(e.RecipientAccountId.RawJson))
            {
                foreign = value;
            }
        }

        return foreign;
    }
}

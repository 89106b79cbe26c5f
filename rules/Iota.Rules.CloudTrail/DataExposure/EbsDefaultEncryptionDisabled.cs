using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class EbsDefaultEncryptionDisabled : Rule
{
    public override string Id => "AWS.EC2.EbsDefaultEncryptionDisabled";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "EBS encryption by default was turned off in a region. New volumes and snapshot copies are then created " +
        "unencrypted, and unencrypted snapshots can be shared with other accounts, which encrypted ones with the " +
        "default key cannot.";

    public override string Runbook =>
        "Turn encryption by default back on (EnableEbsEncryptionByDefault) unless an exception is documented, and list " +
        "volumes and snapshots created unencrypted in the region since the change.";

    public override string Reference => "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html";

    public override IReadOnlyList<string> Tags => ["T1562", "T1537", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisableEbsEncryptionByDefault"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled EBS encryption by default in {e.AwsRegion} of account {e.RecipientAccountId}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RecipientAccountId}:{e.AwsRegion}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor");
}

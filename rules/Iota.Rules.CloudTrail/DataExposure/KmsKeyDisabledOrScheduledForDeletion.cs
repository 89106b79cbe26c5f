using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class KmsKeyDisabledOrScheduledForDeletion : Rule
{
    public override string Id => "AWS.KMS.KeyDisabledOrScheduledForDeletion";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A customer-managed KMS key was disabled or scheduled for deletion. Everything encrypted under it becomes " +
        "unreadable, permanently once deletion completes; attackers use this to destroy data or hold it to ransom.";

    public override string Runbook =>
        "Find out which resources use the key (key policy, CloudTrail Decrypt/GenerateDataKey callers). If the change " +
        "was not planned, run CancelKeyDeletion and EnableKey immediately; the waiting period is the only window.";

    public override string Reference => "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html";

    public override IReadOnlyList<string> Tags => ["T1485", "T1486", "Impact"];

    public override IReadOnlyList<string> EventSources => ["kms.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisableKey", "ScheduleKeyDeletion"];

    public override bool Match(Event e) => SuccessfulCall.ByPrincipal(e);

    // Deletion is irreversible after the waiting period; disabling can be undone at any time.
    public override Severity SeverityFor(Event e) => e.EventName.Equals("ScheduleKeyDeletion"u8) ? Severity.High : Severity;

    public override string Title(Event e) => e.EventName.Equals("ScheduleKeyDeletion"u8)
        ? $"{e.UserIdentity.DisplayName()} scheduled KMS key {e.RequestParameters.Property("keyId"u8)} for deletion"
        : $"{e.UserIdentity.DisplayName()} disabled KMS key {e.RequestParameters.Property("keyId"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("keyId"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["keyId"] = e.RequestParameters.Property("keyId"u8),
        ["pendingWindowInDays"] = e.RequestParameters.Property("pendingWindowInDays"u8),
        ["deletionDate"] = e.Get("responseElements.deletionDate"u8),
    };
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class ReplicationToExternalAccount : Rule
{
    public override string Id => "AWS.S3.ReplicationToExternalAccount";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "A bucket replication rule now sends objects to a bucket owned by another AWS account. Replication copies " +
        "every new object continuously and silently, which makes it an efficient exfiltration channel.";

    public override string Runbook =>
        "Check whether the destination account belongs to your organisation and is an approved backup target. If not, " +
        "delete the replication configuration, revoke the replication role's access, and estimate what was copied " +
        "from the replication metrics of the bucket.";

    public override string Reference => "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html";

    public override IReadOnlyList<string> Tags => ["T1537", "Exfiltration"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutBucketReplication"];

    public override bool Match(Event e) => !e.IsError && !ExternalAccount(e).IsNullOrEmpty;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} set S3 bucket {e.RequestParameters.Property("bucketName"u8)} to replicate to account {ExternalAccount(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["destinationAccount"] = ExternalAccount(e),
        ["replicationConfiguration"] = e.RequestParameters.Property("ReplicationConfiguration"u8),
    };

    // Destination.Account is only written when the destination bucket belongs to someone else (it is required
    // for owner override); a same-account value is ignored.
    private static JsonField ExternalAccount(Event e)
    {
        JsonField rules = e.RequestParameters.Get("ReplicationConfiguration.Rule"u8);
        if (rules.Kind == JsonFieldKind.Object)
        {
            return ForeignDestination(rules, e.RecipientAccountId);
        }

        foreach (JsonField rule in rules.EnumerateArray())
        {
            JsonField account = ForeignDestination(rule, e.RecipientAccountId);
            if (account.Exists)
            {
                return account;
            }
        }

        return JsonField.Missing;
    }

    private static JsonField ForeignDestination(JsonField rule, JsonField recipient)
    {
        JsonField account = rule.Get("Destination.Account"u8);
        return account.Kind == JsonFieldKind.String && !account.RawJson.SequenceEqual(recipient.RawJson) ? account : JsonField.Missing;
    }
}

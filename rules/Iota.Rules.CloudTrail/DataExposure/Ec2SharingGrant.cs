using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

/// <summary>
/// Reads the <c>add.items</c> list of an EC2 sharing attribute (snapshot createVolumePermission, AMI
/// launchPermission), where each item grants either <c>group: all</c> (public) or one <c>userId</c>.
/// </summary>
internal static class Ec2SharingGrant
{
    /// <summary>The first grant that reaches beyond the owning account, or missing.</summary>
    public static JsonField FirstOutsideGrant(JsonField permission, JsonField owner)
    {
        foreach (JsonField item in permission.Get("add.items"u8).EnumerateArray())
        {
            if (item.Property("group"u8).Equals("all"u8))
            {
                return item;
            }

            JsonField userId = item.Property("userId"u8);
            if (userId.Kind == JsonFieldKind.String && !userId.RawJson.SequenceEqual(owner.RawJson))
            {
                return item;
            }
        }

        return JsonField.Missing;
    }

    /// <summary>True when <paramref name="grant"/> makes the resource public.</summary>
    public static bool IsPublic(JsonField grant) => grant.Property("group"u8).Equals("all"u8);

    /// <summary>"publicly" or "with account 444455556666", for titles.</summary>
    public static string Describe(JsonField grant) =>
        IsPublic(grant) ? "publicly" : $"with account {grant.Property("userId"u8)}";
}

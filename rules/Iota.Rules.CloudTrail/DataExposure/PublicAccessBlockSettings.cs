using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

/// <summary>Reads an S3 <c>PublicAccessBlockConfiguration</c> as CloudTrail records it for bucket and account calls.</summary>
internal static class PublicAccessBlockSettings
{
    /// <summary>
    /// True when any of the four protections is not switched on. A Put replaces the whole configuration, so a flag
    /// the caller left out is as off as one set to false.
    /// </summary>
    public static bool AnyProtectionOff(JsonField configuration) =>
        configuration.Property("BlockPublicAcls"u8).AsBoolean() != true
        || configuration.Property("IgnorePublicAcls"u8).AsBoolean() != true
        || configuration.Property("BlockPublicPolicy"u8).AsBoolean() != true
        || configuration.Property("RestrictPublicBuckets"u8).AsBoolean() != true;

    /// <summary>The names of the protections left off, for titles and alert context.</summary>
    public static List<string> ProtectionsOff(JsonField configuration)
    {
        var off = new List<string>(4);
        foreach (string flag in (ReadOnlySpan<string>)["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"])
        {
            if (configuration.Property(flag).AsBoolean() != true)
            {
                off.Add(flag);
            }
        }

        return off;
    }
}

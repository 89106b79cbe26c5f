namespace Iota.Aws.Sources;

/// <summary>What <see cref="S3PollSource"/> lists and how often.</summary>
public sealed record S3PollOptions
{
    public required string Bucket { get; init; }

    /// <summary>Key prefix, e.g. <c>AWSLogs/111122223333/CloudTrail/</c>; empty for the whole bucket.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Pause between listings that found nothing new.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Region name recorded with the resume point, so two regions' listings of one bucket never share it.</summary>
    public string Region { get; init; } = "";
}

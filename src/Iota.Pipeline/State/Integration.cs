namespace Iota.Pipeline.State;

/// <summary>
/// One CloudTrail source iota reads: an account's trail delivered to an S3 bucket under a prefix, read
/// directly or by assuming <see cref="RoleArn"/>.
/// </summary>
public sealed record Integration
{
    /// <summary>The name operators use for it, unique within a state directory.</summary>
    public required string Label { get; init; }

    /// <summary>The 12-digit AWS account id whose logs these are.</summary>
    public required string AccountId { get; init; }

    public required string Bucket { get; init; }

    /// <summary>The key prefix the trail writes under; empty for the bucket root.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>A role to assume to read the bucket, or null to use the engine's own credentials.</summary>
    public string? RoleArn { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>The newest event time read from this source, or null before the first event.</summary>
    public DateTimeOffset? LastEventTime { get; init; }

    /// <summary>Whether the source is currently delivering logs.</summary>
    public IntegrationStatus Status { get; init; } = IntegrationStatus.Inactive;
}

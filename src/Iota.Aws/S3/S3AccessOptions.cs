using Amazon.Runtime;

namespace Iota.Aws.S3;

/// <summary>How <see cref="S3Access"/> reaches S3 and STS.</summary>
public sealed record S3AccessOptions
{
    /// <summary>An S3-compatible endpoint (an emulator, MinIO, a VPC endpoint); requests then use path-style addressing.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Region to sign for; when null the SDK's own resolution applies (AWS_REGION, profile, instance).</summary>
    public string? Region { get; init; }

    /// <summary>An STS endpoint override for AssumeRole; null for the regional AWS endpoint.</summary>
    public string? StsServiceUrl { get; init; }

    /// <summary>The process's own credentials; null for AWSSDK.Core's default chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Retries for throttling, 5xx and network errors, inside the SDK.</summary>
    public int MaxErrorRetry { get; init; } = 4;
}

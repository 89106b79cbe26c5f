using Amazon;

namespace Iota.Aws.Sqs;

/// <summary>Settings for <see cref="SqsClient"/>; named after their AmazonSQSConfig counterparts.</summary>
public sealed class SqsClientConfig
{
    /// <summary>
    /// Endpoint override (an emulator, a VPC endpoint). When unset, requests that name a queue go to the
    /// queue URL's host, and the others to <c>https://sqs.{region}.amazonaws.com</c>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Region used to sign requests. When unset it is taken from an <c>sqs.{region}.amazonaws.com</c>
    /// host, then from the AWS_REGION or AWS_DEFAULT_REGION environment variables.
    /// </summary>
    public RegionEndpoint? RegionEndpoint { get; set; }

    /// <summary>Retries after the first attempt for transient errors (throttling, 5xx, network).</summary>
    public int MaxErrorRetry { get; set; } = 4;

    /// <summary>Time allowed for one attempt, on top of a ReceiveMessage long-poll wait.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ceiling of the first backoff; it doubles per retry, with full jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No backoff waits longer than this.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);
}

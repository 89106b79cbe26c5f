namespace Iota.Aws.Sqs.Internal;

/// <summary>
/// Exponential backoff with full jitter: many pollers throttled at once spread their retries out
/// instead of returning together.
/// </summary>
internal sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    /// <param name="retry">0 for the first retry.</param>
    public TimeSpan DelayBefore(int retry)
    {
        var ceilingTicks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceilingTicks));
    }
}

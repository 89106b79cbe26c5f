namespace Iota.Pipeline;

/// <summary>How hard the <see cref="Forwarder"/> tries before leaving an alert in the outbox for later.</summary>
public sealed record ForwarderOptions
{
    /// <summary>Retries after the first attempt, within one delivery.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>The wait before the first retry; each later retry waits about twice as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// In background mode, how long an alert whose retries were all used up waits before the next round, and how long
    /// its output pauses; doubles per failed round up to <see cref="MaxRedeliveryDelay"/>.
    /// </summary>
    public TimeSpan RedeliveryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between rounds for an alert that keeps failing.</summary>
    public TimeSpan MaxRedeliveryDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>In background mode, how often the outbox is checked when nobody calls <see cref="Forwarder.Notify"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbox rows read per query.</summary>
    public int BatchSize { get; init; } = 100;
}

namespace Iota.Aws.Sources;

/// <summary>How <see cref="SqsSource"/> reads its queue.</summary>
public sealed record SqsSourceOptions
{
    public required string QueueUrl { get; init; }

    /// <summary>
    /// Receives after which a failing message is no longer processed but left for the queue's redrive policy
    /// (set the queue's maxReceiveCount to the same number so SQS moves it to the dead-letter queue).
    /// </summary>
    public int MaxReceives { get; init; } = 5;

    /// <summary>Long-poll wait per receive, 0–20 seconds.</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    /// <summary>
    /// Visibility asked for at receive and renewed at half that period while the message's objects are still
    /// being processed, so a large object is never handed to a second reader.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages being processed at once; receiving waits while this many are in flight.</summary>
    public int MaxMessagesInFlight { get; init; } = 20;

    /// <summary>First pause after a failed receive; it doubles up to <see cref="MaxReceiveBackoff"/>.</summary>
    public TimeSpan ReceiveBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReceiveBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a message past <see cref="MaxReceives"/> is hidden when the queue has no redrive policy to take
    /// it, so it does not take a reader's time on every poll (SQS allows at most 12 hours).
    /// </summary>
    public TimeSpan PoisonVisibility { get; init; } = TimeSpan.FromHours(12);
}

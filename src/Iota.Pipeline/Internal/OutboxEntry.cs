namespace Iota.Pipeline.Internal;

/// <summary>One undelivered alert for one output.</summary>
internal sealed record OutboxEntry(long OutboxId, string AlertId, int Attempts);

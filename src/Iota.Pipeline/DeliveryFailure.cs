namespace Iota.Pipeline;

/// <summary>An alert an output did not take after every retry; it stays in the outbox.</summary>
/// <param name="OutputName">The output that failed.</param>
/// <param name="AlertId">The alert it failed to deliver.</param>
/// <param name="Error">Why, in words safe to print (no URLs or keys).</param>
public sealed record DeliveryFailure(string OutputName, string AlertId, string Error)
{
    /// <summary><c>output: alert ID not delivered: error</c>.</summary>
    public override string ToString() => $"{OutputName}: alert {AlertId} not delivered: {Error}";
}

namespace Iota.Pipeline;

/// <summary>What <see cref="Forwarder.DrainAsync"/> managed.</summary>
/// <param name="Delivered">Alert deliveries that succeeded.</param>
/// <param name="Failures">Deliveries that failed after every retry.</param>
/// <param name="Pending">Rows still in the outbox for the forwarder's outputs (failed, or not reached before the timeout).</param>
/// <param name="TimedOut">True when the timeout ended the drain before every row was tried.</param>
public sealed record DrainResult(int Delivered, IReadOnlyList<DeliveryFailure> Failures, int Pending, bool TimedOut)
{
    /// <summary>True when nothing is left to deliver.</summary>
    public bool Succeeded => Pending == 0;
}

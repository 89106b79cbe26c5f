namespace Iota.Pipeline.Outputs;

/// <summary>A place alerts go. The forwarder retries, times out and records delivery; an output only sends.</summary>
public interface IAlertOutput
{
    /// <summary>The name outbox rows and routes refer to, e.g. <c>slack</c> or <c>webhook-2</c>.</summary>
    string Name { get; }

    /// <summary>Sends one alert; throws when it was not delivered so the forwarder can retry.</summary>
    Task SendAsync(Alert alert, CancellationToken cancellationToken);
}

namespace Iota.Pipeline.Outputs;

/// <summary>Writes each alert as one JSON line (<see cref="AlertJson"/>) to a text writer, normally the console.</summary>
public sealed class StdoutOutput : IAlertOutput
{
    private readonly TextWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates an output writing to <paramref name="writer"/>, e.g. <see cref="Console.Out"/>.</summary>
    public StdoutOutput(TextWriter writer, string name = "stdout")
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _writer = writer;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        var line = AlertJson.Serialize(alert);
        // One writer may be shared with other output (progress, other outputs); lines must not interleave.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A line once begun is finished: a stop between the write and the flush would leave it in the writer, printed
            // at exit, while the outbox still holds the alert for the drain to print again.
            await _writer.WriteLineAsync(line.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            await _writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

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
            await _writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

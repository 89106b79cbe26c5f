namespace Iota.Pipeline.Outputs;

/// <summary>
/// Appends each alert as one JSON line (<see cref="AlertJson"/>) to a file, flushed to disk before the alert
/// counts as delivered. The file is opened per alert, so it can be rotated or removed while iota runs.
/// </summary>
public sealed class FileOutput : IAlertOutput
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates an output appending to <paramref name="path"/> (its directory is created if missing).</summary>
    public FileOutput(string path, string name = "file")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(name);
        FilePath = Path.GetFullPath(path);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The file alerts are appended to.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        // Line and newline in one write, so a crash cannot leave a line without its end for the next to join.
        var json = AlertJson.SerializeToUtf8Bytes(alert);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

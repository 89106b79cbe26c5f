namespace Iota.Pipeline.Lake;

/// <summary>How a <see cref="LakeWriter"/> buffers.</summary>
public sealed record LakeWriterOptions
{
    /// <summary>A partition's staged rows are written to the lake once they reach this many bytes, compressed (the lake file's size).</summary>
    public long MaxBufferBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>A partition's staged rows are written to the lake at most this long after its first row.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A local folder where rows are staged (appended and fsynced per unit of work) before they are moved or uploaded
    /// as lake files, and where a crashed run's staged rows are found again. One writer per folder; for a local lake,
    /// on the lake's file system so that finished files are moved into place.
    /// </summary>
    public required string StagingDirectory { get; init; }

    /// <summary>The clock for parse times, file names and the flush interval.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

using Iota.Pipeline;

namespace Iota.Aws.Sources;

/// <summary>Sizes of the <see cref="ObjectPipeline"/> stages.</summary>
public sealed record ObjectPipelineOptions
{
    /// <summary>Objects downloaded at once.</summary>
    public int DownloadWorkers { get; init; } = 5;

    /// <summary>Units processed at once (rules are CPU-bound): one per core by default.</summary>
    public int ProcessWorkers { get; init; } = Environment.ProcessorCount;

    /// <summary>The decompressed size of one part of a large object; smaller in tests.</summary>
    internal int PartBytes { get; init; } = FileRunner.DefaultPartBytes;
}

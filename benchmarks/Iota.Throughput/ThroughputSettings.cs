namespace Iota.Throughput;

/// <summary>The harness's command line.</summary>
internal sealed record ThroughputSettings(
    int Events, int EventsPerFile, int Seed, int Repeat, string? Cache, string? Output, string? Cli, int? Workers, bool SkipPython);

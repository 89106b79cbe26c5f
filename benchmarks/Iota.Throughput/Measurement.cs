using System.Text.Json.Serialization;

namespace Iota.Throughput;

/// <summary>One measured pass over the corpus (or why it was skipped).</summary>
internal sealed record Measurement
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Skipped { get; init; }

    public double Seconds { get; init; }

    /// <summary>
    /// User plus system CPU seconds spent, a steadier figure than wall time when other work shares the cores.
    /// </summary>
    public double CpuSeconds { get; init; }

    public long UncompressedBytes { get; init; }

    public long Events { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Tokens { get; init; }

    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;

    public double MegabytesPerSecond => Seconds > 0 ? UncompressedBytes / Seconds / 1e6 : 0;

    /// <summary>Events per CPU second: throughput as if the cores were this run's alone.</summary>
    public double EventsPerCpuSecond => CpuSeconds > 0 ? Events / CpuSeconds : 0;

    /// <summary>The process's own peak resident set (VmHWM).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PeakRssBytes { get; init; }

    /// <summary>Peak of the summed resident sets of the process and its children (Python workers).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PeakTreeRssBytes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Matches { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Alerts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RuleErrors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExitCode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Summary { get; init; }

    public static Measurement Skip(string name, string description, string reason) =>
        new() { Name = name, Description = description, Skipped = reason };
}

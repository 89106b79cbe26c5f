namespace Iota.Pipeline.Metrics;

/// <summary>What a <see cref="PrometheusExporter"/> listens to and how it buckets histograms.</summary>
public sealed record PrometheusExporterOptions
{
    /// <summary>Bounds in seconds from 5 ms to 10 s, the Prometheus client libraries' default.</summary>
    public static IReadOnlyList<double> DefaultHistogramBounds { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Meters whose instruments are exported. Every meter of a listed name counts, whoever created it.</summary>
    public IReadOnlyCollection<string> MeterNames { get; init; } = [IotaMetrics.MeterName];

    /// <summary>
    /// Upper bounds of histogram buckets, for histograms whose instrument gives no bucket advice of its own.
    /// A +Inf bucket is always added.
    /// </summary>
    public IReadOnlyList<double> HistogramBounds { get; init; } = DefaultHistogramBounds;
}

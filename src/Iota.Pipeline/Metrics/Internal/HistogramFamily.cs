namespace Iota.Pipeline.Metrics.Internal;

/// <summary>Histograms, written as cumulative <c>_bucket</c> series with <c>le</c> labels, <c>_sum</c> and <c>_count</c>.</summary>
internal sealed class HistogramFamily : MetricFamily
{
    private readonly double[] _bounds;
    private readonly string[] _boundLabels;
    private readonly SeriesTable<HistogramCell> _series;

    public HistogramFamily(string name, string? help, IEnumerable<double> bounds)
        : base(name, help, "histogram")
    {
        _bounds = bounds.Where(b => double.IsFinite(b)).Distinct().Order().ToArray();
        _boundLabels = [.. _bounds.Select(ExpositionFormat.FormatValue), "+Inf"];
        _series = new SeriesTable<HistogramCell>(_ => new HistogramCell(_bounds));
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _series.GetOrAdd(tags).Record(value);

    public override void WriteTo(TextWriter writer, long scrape)
    {
        var series = _series.Snapshot();
        if (series.Count == 0)
        {
            return;
        }

        WriteHeader(writer);
        var bucketName = Name + "_bucket";
        foreach (var (labels, cell) in series)
        {
            // The count is taken from the buckets, so _count always equals the +Inf bucket even while
            // other threads keep recording.
            var cumulative = cell.CumulativeCounts();
            var prefix = labels.Text.Length > 0 ? labels.Text + "," : string.Empty;
            for (var i = 0; i < cumulative.Length; i++)
            {
                WriteSample(writer, bucketName, $"{prefix}le=\"{_boundLabels[i]}\"", cumulative[i]);
            }

            WriteSample(writer, Name + "_sum", labels.Text, cell.Sum);
            WriteSample(writer, Name + "_count", labels.Text, cumulative[^1]);
        }
    }
}

namespace Iota.Pipeline.Metrics.Internal;

/// <summary>Counter and UpDownCounter: each series is the running sum of what was added.</summary>
internal sealed class SumFamily : MetricFamily
{
    private readonly SeriesTable<DoubleCell> _series = new(static _ => new DoubleCell());

    public SumFamily(string name, string? help, string type)
        : base(name, help, type)
    {
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _series.GetOrAdd(tags).Add(value);

    public override void WriteTo(TextWriter writer, long scrape)
    {
        var series = _series.Snapshot();
        if (series.Count == 0)
        {
            return;
        }

        WriteHeader(writer);
        foreach (var (labels, cell) in series)
        {
            WriteSample(writer, Name, labels.Text, cell.Value);
        }
    }
}

namespace Iota.Pipeline.Metrics.Internal;

/// <summary>
/// Gauges and observable counters: each series is the last value reported. For observable instruments only
/// the series reported in the current scrape are written, so a tag set the callback stopped returning
/// disappears instead of repeating a stale value forever.
/// </summary>
internal sealed class LastValueFamily : MetricFamily
{
    private readonly SeriesTable<DoubleCell> _series = new(static _ => new DoubleCell());
    private readonly bool _reportedOnScrape;
    private long _scrape;

    public LastValueFamily(string name, string? help, string type, bool reportedOnScrape)
        : base(name, help, type)
    {
        _reportedOnScrape = reportedOnScrape;
    }

    public override void BeginScrape(long scrape) => Volatile.Write(ref _scrape, scrape);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _series.GetOrAdd(tags).Set(value, Volatile.Read(ref _scrape));

    public override void WriteTo(TextWriter writer, long scrape)
    {
        var series = _series.Snapshot();
        if (_reportedOnScrape)
        {
            series.RemoveAll(s => s.Series.Scrape != scrape);
        }

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

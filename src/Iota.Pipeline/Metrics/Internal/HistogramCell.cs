namespace Iota.Pipeline.Metrics.Internal;

/// <summary>One histogram series: a count per bucket (not cumulative; summed on scrape) and the sum.</summary>
internal sealed class HistogramCell
{
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private readonly DoubleCell _sum = new();

    public HistogramCell(double[] bounds)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
    }

    public double Sum => _sum.Value;

    public void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        // Buckets are "less than or equal": an exact match belongs to its own bound.
        var index = Array.BinarySearch(_bounds, value);
        Interlocked.Increment(ref _counts[index >= 0 ? index : ~index]);
        _sum.Add(value);
    }

    /// <summary>Cumulative counts, one per bound and a last one for +Inf, which is also the total count.</summary>
    public long[] CumulativeCounts()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Volatile.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return cumulative;
    }
}

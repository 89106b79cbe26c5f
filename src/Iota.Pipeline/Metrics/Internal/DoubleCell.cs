namespace Iota.Pipeline.Metrics.Internal;

/// <summary>One series' value, updated without locks from any thread.</summary>
internal sealed class DoubleCell
{
    private double _value;
    private long _scrape;

    public double Value => Volatile.Read(ref _value);

    /// <summary>The scrape in which an observable instrument last reported this series.</summary>
    public long Scrape => Volatile.Read(ref _scrape);

    public void Add(double delta)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value, long scrape)
    {
        Volatile.Write(ref _value, value);
        Volatile.Write(ref _scrape, scrape);
    }
}

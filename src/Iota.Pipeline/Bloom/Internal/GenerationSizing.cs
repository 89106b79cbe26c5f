namespace Iota.Pipeline.Bloom.Internal;

/// <summary>
/// How big each generation is. Every live generation is probed on lookup, so a key is a false positive when
/// any one of them says yes: the per-generation rate p_g is chosen so that 1 - (1 - p_g)^g equals the
/// configured rate, and each generation holds capacity / g items. Bits and probes then follow the textbook
/// optimum m = -n ln p / (ln 2)^2 and k = m/n ln 2, with m rounded up to whole 64-bit words.
/// </summary>
internal readonly record struct GenerationSizing(long ItemsPerGeneration, long BitsPerGeneration, int HashCount)
{
    public static GenerationSizing For(long capacity, double falsePositiveRate, int generations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(generations, 1);
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate must lie strictly between 0 and 1.");
        }

        var items = (capacity + generations - 1) / generations;
        var rate = -double.ExpM1(double.LogP1(-falsePositiveRate) / generations);
        var bits = Math.Ceiling(-items * Math.Log(rate) / (Math.Log(2) * Math.Log(2)));
        var words = (long)Math.Ceiling(bits / 64);
        if (words > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity and rate need a generation larger than one array can hold.");
        }

        var hashCount = (int)Math.Max(1, Math.Round(words * 64.0 / items * Math.Log(2)));
        return new GenerationSizing(items, words * 64, hashCount);
    }
}

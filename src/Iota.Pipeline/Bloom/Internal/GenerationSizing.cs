namespace Iota.Pipeline.Bloom.Internal;

/// <summary>
/// How big each generation is. Every live generation is probed on lookup, so a key is a false positive when
/// any one of them says yes: the per-generation rate p_g is chosen so that 1 - (1 - p_g)^g equals the
/// configured rate, and each generation holds capacity / g items. A generation is a blocked filter (see
/// <see cref="BloomGeneration"/>), whose rate the textbook formula underestimates: keys fall unevenly into
/// blocks, and the crowded blocks answer yes more often. So the block count is the smallest whose expected rate,
/// averaged over the Poisson spread of keys per block (<see cref="BlockedRate"/>), is at most p_g.
/// The configured rate is first scaled by <see cref="RateMargin"/>: the sizing is otherwise exact, so a filter
/// at capacity measured over ten million lookups would read above the configured rate about half the time.
/// </summary>
internal readonly record struct GenerationSizing(long ItemsPerGeneration, long BlockCount)
{
    /// <summary>Bits each key sets per generation: one per word of its block.</summary>
    public const int HashCount = BloomGeneration.WordsPerBlock;

    /// <summary>The fraction of the configured rate the sizing aims for; costs about 0.6% more memory.</summary>
    public const double RateMargin = 0.97;

    // The pinned array holds the blocks plus up to a block's worth of alignment padding.
    private static long MaxBlockCount => (Array.MaxLength - (BloomGeneration.WordsPerBlock - 1)) / BloomGeneration.WordsPerBlock;

    public long BitsPerGeneration => BlockCount * BloomGeneration.WordsPerBlock * 64;

    public static GenerationSizing For(long capacity, double falsePositiveRate, int generations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(generations, 1);
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate must lie strictly between 0 and 1.");
        }

        var items = (capacity + generations - 1) / generations;
        var rate = -double.ExpM1(double.LogP1(-falsePositiveRate * RateMargin) / generations);
        if (BlockedRate((double)items / MaxBlockCount) > rate)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity and rate need a generation larger than one array can hold.");
        }

        // The rate grows with keys per block, so a binary search finds the fewest blocks that meet it.
        long low = 1, high = MaxBlockCount;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (BlockedRate((double)items / middle) <= rate)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return new GenerationSizing(items, low);
    }

    /// <summary>
    /// The expected false-positive rate of a generation holding <paramref name="keysPerBlock"/> keys per block on
    /// average. A block's key count j is Poisson distributed; with j keys each word has its fresh key's bit set
    /// with probability 1 - (63/64)^j, and a fresh key reads present when all eight of its bits are set.
    /// </summary>
    public static double BlockedRate(double keysPerBlock)
    {
        var last = (int)Math.Ceiling(keysPerBlock + (12 * Math.Sqrt(keysPerBlock)) + 40);
        var logKeysPerBlock = Math.Log(keysPerBlock);
        var logPoisson = -keysPerBlock; // ln P(j = 0), advanced term by term in logs so nothing underflows early
        var rate = 0.0;
        for (var j = 1; j <= last; j++)
        {
            logPoisson += logKeysPerBlock - Math.Log(j);
            var wordSet = -double.ExpM1(j * Math.Log(63.0 / 64));
            rate += Math.Exp(logPoisson + (HashCount * Math.Log(wordSet)));
        }

        return rate;
    }
}

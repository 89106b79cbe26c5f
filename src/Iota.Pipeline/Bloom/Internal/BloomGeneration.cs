namespace Iota.Pipeline.Bloom.Internal;

/// <summary>One plain bloom filter: a bit array and how many keys went into it.</summary>
internal sealed class BloomGeneration
{
    private long _count;

    public BloomGeneration(long bitCount)
        : this(new ulong[bitCount / 64], 0)
    {
    }

    public BloomGeneration(ulong[] words, long count)
    {
        Words = words;
        _count = count;
    }

    public ulong[] Words { get; }

    public long Count => Volatile.Read(ref _count);

    public bool Contains(ulong h1, ulong h2, int hashCount)
    {
        var words = Words;
        var bitCount = (ulong)words.Length * 64;
        var probe = h1;
        for (var i = 0; i < hashCount; i++)
        {
            var bit = Reduce(probe, bitCount);
            if ((Volatile.Read(ref words[(int)(bit >> 6)]) & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }

            probe += h2;
        }

        return true;
    }

    /// <summary>
    /// Sets the key's bits. Interlocked because keys of different lock stripes share words. The words are read
    /// first with plain loads, which the CPU overlaps, so the cache misses of a large filter are paid about once
    /// rather than once per probe behind each locked instruction; bits already set need no locked write.
    /// </summary>
    public void Add(ulong h1, ulong h2, int hashCount)
    {
        var words = Words;
        var bitCount = (ulong)words.Length * 64;
        var probe = h1;
        for (var i = 0; i < hashCount; i++)
        {
            _ = Volatile.Read(ref words[(int)(Reduce(probe, bitCount) >> 6)]); // a volatile load is never elided
            probe += h2;
        }

        probe = h1;
        for (var i = 0; i < hashCount; i++)
        {
            var bit = Reduce(probe, bitCount);
            ref var word = ref words[(int)(bit >> 6)];
            var mask = 1UL << (int)(bit & 63);
            if ((Volatile.Read(ref word) & mask) == 0)
            {
                Interlocked.Or(ref word, mask);
            }

            probe += h2;
        }

        Interlocked.Increment(ref _count);
    }

    // Lemire's multiply-shift maps a 64-bit probe onto [0, bitCount) without a division.
    private static ulong Reduce(ulong probe, ulong bitCount) => Math.BigMul(probe, bitCount, out _);
}

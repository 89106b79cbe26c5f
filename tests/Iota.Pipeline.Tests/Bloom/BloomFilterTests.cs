using Iota.Pipeline.Bloom;
using Iota.Pipeline.Bloom.Internal;

namespace Iota.Pipeline.Tests.Bloom;

public class BloomFilterTests
{
    [Fact]
    public void Defaults_are_ten_million_keys_at_a_tenth_of_a_percent_in_two_generations()
    {
        var filter = new BloomFilter();

        Assert.Equal(10_000_000, filter.Capacity);
        Assert.Equal(0.001, filter.FalsePositiveRate);
        Assert.Equal(2, filter.Generations);
        Assert.Equal(5_000_000, filter.ItemsPerGeneration);
        Assert.Equal(0, filter.BitsPerGeneration % 512);
        Assert.Equal(8, filter.HashCount);
        Assert.Equal(1, filter.LiveGenerations);
        Assert.Equal(filter.BitsPerGeneration / 8, filter.MemoryBytes);
    }

    [Theory]
    [InlineData(10_000_000, 0.001, 2)]
    [InlineData(1_000_000, 0.01, 3)]
    [InlineData(1000, 0.0001, 1)]
    public void Sizing_keeps_the_combined_theoretical_rate_within_the_configured_rate(long capacity, double rate, int generations)
    {
        var filter = new BloomFilter(capacity, rate, generations);

        var blocks = filter.BitsPerGeneration / 512;
        var combined = 1 - Math.Pow(1 - BlockedRate((double)filter.ItemsPerGeneration / blocks), generations);
        Assert.True(combined <= rate, $"combined theoretical rate {combined} exceeds {rate}");

        // ...with the margin, and no more: a block fewer would break the margin (unless one block is all there is).
        var target = rate * GenerationSizing.RateMargin;
        Assert.True(combined <= target, $"combined theoretical rate {combined} exceeds {target}");
        var fewer = 1 - Math.Pow(1 - BlockedRate((double)filter.ItemsPerGeneration / (blocks - 1)), generations);
        Assert.True(blocks == 1 || fewer > target, $"{blocks - 1} blocks would do: {fewer} <= {target}");
    }

    [Fact]
    public void The_vector_block_masks_match_the_scalar_reference_and_set_one_bit_per_word()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var keyHash = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            var vector = BlockMask.For(keyHash);
            var scalar = BlockMask.ForScalar((uint)keyHash);

            Assert.Equal(scalar.Low, vector.Low);
            Assert.Equal(scalar.High, vector.High);
            for (var word = 0; word < 4; word++)
            {
                Assert.Equal(1UL, ulong.PopCount(vector.Low[word]));
                Assert.Equal(1UL, ulong.PopCount(vector.High[word]));
            }
        }
    }

    [Fact]
    public void Add_is_true_once_per_key_and_contains_does_not_add()
    {
        var filter = new BloomFilter(capacity: 1000);
        var key = Keys.Inserted(1);

        Assert.False(filter.Contains(key));
        Assert.False(filter.Contains(key));
        Assert.Equal(0, filter.Count);
        Assert.True(filter.Add(key));
        Assert.False(filter.Add(key));
        Assert.True(filter.Contains(key));
        Assert.Equal(1, filter.Count);
    }

    [Fact]
    public void Has_no_false_negatives_for_100k_inserted_keys()
    {
        var filter = new BloomFilter();
        for (var i = 0; i < 100_000; i++)
        {
            filter.Add(Keys.Inserted(i));
        }

        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(filter.Contains(Keys.Inserted(i)), $"key {i} lost");
        }
    }

    [Fact]
    public void Measured_false_positive_rate_at_capacity_stays_within_the_configured_rate()
    {
        const int capacity = 1_000_000;
        var filter = new BloomFilter(capacity, 0.001);
        for (var i = 0; i < capacity; i++)
        {
            filter.Add(Keys.Inserted(i));
        }

        for (var i = 0; i < capacity; i++)
        {
            Assert.True(filter.Contains(Keys.Inserted(i)), $"key {i} lost at capacity");
        }

        var falsePositives = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            if (filter.Contains(Keys.Fresh(i)))
            {
                falsePositives++;
            }
        }

        Assert.Equal(2, filter.LiveGenerations);
        Assert.True(falsePositives <= 1_000, $"{falsePositives} false positives in 1,000,000 lookups, over the configured 0.1%");
    }

    [Fact]
    public void Concurrent_adds_of_the_same_key_let_exactly_one_thread_win()
    {
        const int threadCount = 16;
        const int keyCount = 5_000;
        var filter = new BloomFilter(capacity: 100_000);
        var keys = Enumerable.Range(0, keyCount).Select(Keys.Inserted).ToArray();
        var wins = new int[keyCount];
        using var start = new Barrier(threadCount);

        var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < keyCount; i++)
            {
                if (filter.Add(keys[i]))
                {
                    Interlocked.Increment(ref wins[i]);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(wins, w => Assert.Equal(1, w));
        Assert.Equal(keyCount, filter.Count);
    }

    [Fact]
    public void Concurrent_adds_across_a_rotation_lose_no_recent_key()
    {
        const int threadCount = 8;
        const int perThread = 3_000;
        var filter = new BloomFilter(capacity: 20_000, falsePositiveRate: 0.001, generations: 4);
        using var start = new Barrier(threadCount);

        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                filter.Add(Keys.Inserted((t * perThread) + i));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // 24,000 keys through four 5,000-key generations: several rotations happened under contention, and
        // every generation still live must answer for every key it took.
        Assert.Equal(4, filter.LiveGenerations);
        var present = Enumerable.Range(0, threadCount * perThread).Count(i => filter.Contains(Keys.Inserted(i)));
        Assert.True(present >= filter.Count, $"{present} keys found, {filter.Count} held");
    }

    [Fact]
    public void Ageing_drops_the_oldest_keys_keeps_recent_ones_and_bounds_false_positives()
    {
        const int capacity = 20_000;
        var filter = new BloomFilter(capacity, 0.001, generations: 2);
        // A key that collides with an earlier one reads as a duplicate and is not added: that is the
        // false-positive cost, so only the keys Add accepted are owed membership.
        var added = new bool[50_000];
        for (var i = 0; i < added.Length; i++)
        {
            added[i] = filter.Add(Keys.Inserted(i));
        }

        // Generations of 10,000 accepted keys: three full ones were dropped, a full one and the active one live.
        Assert.Equal(2, filter.LiveGenerations);
        Assert.Equal(added.Count(a => a) - 30_000, filter.Count);
        Assert.Equal(2 * filter.BitsPerGeneration / 8, filter.MemoryBytes);
        Assert.True(added.Count(a => !a) < 50, $"{added.Count(a => !a)} of 50,000 distinct keys read as duplicates");

        for (var i = 40_000; i < 50_000; i++)
        {
            Assert.True(!added[i] || filter.Contains(Keys.Inserted(i)), $"recent key {i} lost");
        }

        var oldStillPresent = Enumerable.Range(0, 20_000).Count(i => filter.Contains(Keys.Inserted(i)));
        Assert.True(oldStillPresent < 40, $"{oldStillPresent} of 20,000 aged-out keys still read present");

        var falsePositives = Enumerable.Range(0, 100_000).Count(i => filter.Contains(Keys.Fresh(i)));
        Assert.True(falsePositives < 150, $"{falsePositives} false positives in 100,000 lookups after ageing");
    }

    [Fact]
    public void Clear_forgets_every_key()
    {
        var filter = new BloomFilter(capacity: 1000);
        filter.Add(Keys.Inserted(1));

        filter.Clear();

        Assert.False(filter.Contains(Keys.Inserted(1)));
        Assert.Equal(0, filter.Count);
    }

    [Fact]
    public void Bulk_adds_and_lookups_agree_with_single_ones_and_lose_no_key()
    {
        var filter = new BloomFilter(capacity: 200_000);
        var hashes = Enumerable.Range(0, 50_000).Select(i => BloomFilter.KeyHash(Keys.Inserted(i))).ToArray();
        var skipOdd = Enumerable.Range(0, hashes.Length).Select(i => i % 2 == 1).ToArray();

        filter.AddAll(hashes, skipOdd);

        Assert.Equal(25_000, filter.Count);
        var present = new bool[hashes.Length];
        var found = filter.ContainsAll(hashes, new bool[hashes.Length], present);
        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.Equal(filter.Contains(hashes[i]), present[i]);
            Assert.True(skipOdd[i] || present[i], $"key {i} lost");
        }

        Assert.Equal(present.Count(p => p), found);
        Assert.True(found - 25_000 < 25, $"{found - 25_000} of 25,000 keys never added read present");

        // Skipped keys are reported absent without a lookup.
        Assert.Equal(0, filter.ContainsAll(hashes, Enumerable.Repeat(true, hashes.Length).ToArray(), present));
        Assert.DoesNotContain(true, present);
    }

    [Fact]
    public void Bulk_adds_rotate_generations_like_single_adds()
    {
        var filter = new BloomFilter(capacity: 20_000, falsePositiveRate: 0.001, generations: 2);
        var hashes = Enumerable.Range(0, 35_000).Select(i => BloomFilter.KeyHash(Keys.Inserted(i))).ToArray();

        foreach (var unit in hashes.Chunk(5_000))
        {
            filter.AddAll(unit, new bool[unit.Length]);
        }

        // Generations of 10,000 keys: the first dropped, the second full and the fourth half full.
        Assert.Equal(2, filter.LiveGenerations);
        Assert.InRange(filter.Count, 14_950, 15_000);
        // A recent key is lost only when it read as present in a generation since dropped (a false positive
        // there), so it was never added: a handful at most.
        var lost = hashes[25_000..].Count(h => !filter.Contains(h));
        Assert.True(lost < 20, $"{lost} of the 10,000 most recent keys lost");
        Assert.True(hashes[..10_000].Count(filter.Contains) < 20, "keys of the dropped generation still read present");
    }

    // The expected rate of a blocked generation with one bit per 64-bit word of a 512-bit block, averaged over
    // the Poisson number of keys per block (computed here independently of the filter's sizing code).
    private static double BlockedRate(double keysPerBlock)
    {
        double rate = 0, poisson = Math.Exp(-keysPerBlock);
        for (var j = 1; j < keysPerBlock + 200; j++)
        {
            poisson *= keysPerBlock / j;
            rate += poisson * Math.Pow(1 - Math.Pow(63.0 / 64, j), 8);
        }

        return rate;
    }
}

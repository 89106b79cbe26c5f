using Iota.Pipeline.Bloom;

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
        Assert.Equal(0, filter.BitsPerGeneration % 64);
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

        var perGeneration = Math.Pow(
            1 - Math.Exp(-(double)filter.HashCount * filter.ItemsPerGeneration / filter.BitsPerGeneration),
            filter.HashCount);
        var combined = 1 - Math.Pow(1 - perGeneration, generations);
        Assert.True(combined <= rate * 1.01, $"combined theoretical rate {combined} exceeds {rate}");
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
    public void Measured_false_positive_rate_at_capacity_stays_near_the_configured_rate()
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
        Assert.True(falsePositives < 1_500, $"{falsePositives} false positives in 1,000,000 lookups");
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
}

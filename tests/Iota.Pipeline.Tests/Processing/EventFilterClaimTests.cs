using Iota.Pipeline.Bloom;
using Iota.Pipeline.Tests.Bloom;
using Iota.Pipeline.Tests.Support;

namespace Iota.Pipeline.Tests.Processing;

/// <summary>
/// Claims of whole units: an event is new to a unit only when no committed unit remembered it and no other unit
/// in flight holds it; claims become memory on commit and are given back on failure.
/// </summary>
public sealed class EventFilterClaimTests
{
    private const long Capacity = 100_000;

    private static ulong[] Hashes(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => BloomFilter.KeyHash(Keys.Inserted(i)))];

    private static bool[] Claim(EventFilter filter, ulong[] unit, out int duplicates)
    {
        var duplicate = new bool[unit.Length];
        duplicates = filter.ClaimUnit(unit, duplicate);
        return duplicate;
    }

    [Fact]
    public void A_fresh_unit_claims_every_event()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);

        bool[] duplicate = Claim(filter, Hashes(0, 1000), out int duplicates);

        Assert.Equal(0, duplicates);
        Assert.DoesNotContain(true, duplicate);
    }

    [Fact]
    public void The_second_occurrence_of_a_key_inside_one_unit_is_a_duplicate()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        ulong[] unit = [.. Hashes(0, 3), .. Hashes(1, 1), .. Hashes(3, 1), .. Hashes(1, 1)];

        bool[] duplicate = Claim(filter, unit, out int duplicates);

        Assert.Equal([false, false, false, true, false, true], duplicate);
        Assert.Equal(2, duplicates);

        // Remembering stores each key once; a later unit sees all of them as processed.
        filter.RememberUnit(unit, duplicate);
        Assert.Equal(4, Claim(filter, Hashes(0, 4), out _).Count(d => d));
    }

    [Fact]
    public void Events_claimed_by_a_unit_in_flight_are_duplicates_for_other_units()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        ulong[] first = Hashes(0, 100);
        ulong[] overlapping = Hashes(50, 100);

        bool[] firstDuplicate = Claim(filter, first, out _);
        bool[] secondDuplicate = Claim(filter, overlapping, out int duplicates);

        Assert.Equal(50, duplicates);
        Assert.All(secondDuplicate[..50], Assert.True);
        Assert.All(secondDuplicate[50..], Assert.False);
        Assert.DoesNotContain(true, firstDuplicate);
    }

    [Fact]
    public void Remembered_events_are_duplicates_for_every_later_unit_and_their_claims_are_dropped()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        ulong[] unit = Hashes(0, 100);
        bool[] duplicate = Claim(filter, unit, out _);

        filter.RememberUnit(unit, duplicate);

        Claim(filter, unit, out int again);
        Assert.Equal(100, again);
        // The rejected re-claim left no claim behind: the unit's keys are in the filter, not held in flight.
        filter.ReleaseUnit(unit, new bool[unit.Length]);
        Claim(filter, unit, out int afterRelease);
        Assert.Equal(100, afterRelease);
    }

    [Fact]
    public void Released_events_can_be_claimed_again_and_are_not_remembered()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        ulong[] unit = Hashes(0, 100);
        ulong[] overlapping = Hashes(50, 100);
        bool[] duplicate = Claim(filter, unit, out _);

        filter.ReleaseUnit(unit, duplicate);

        bool[] retry = Claim(filter, overlapping, out int duplicates);
        Assert.Equal(0, duplicates);
        filter.ReleaseUnit(overlapping, retry);
        Assert.Equal(0, Claim(filter, unit, out _).Count(d => d));
    }

    [Fact]
    public void A_failed_unit_releases_only_its_own_claims()
    {
        using EventFilter filter = EventFilter.Open(null, Capacity);
        ulong[] holder = Hashes(0, 10);
        ulong[] failing = Hashes(5, 10);
        Claim(filter, holder, out _);
        bool[] failingDuplicate = Claim(filter, failing, out _);

        filter.ReleaseUnit(failing, failingDuplicate);

        // Keys 5..9 still belong to the holder; 10..14 are free again.
        bool[] third = Claim(filter, Hashes(5, 10), out int duplicates);
        Assert.Equal(5, duplicates);
        Assert.All(third[..5], Assert.True);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Concurrent_overlapping_units_claim_each_event_at_most_once(bool someUnitsFail)
    {
        // 100 units of 1,000 events, each overlapping the next by half: 50,500 keys, on a filter sized for far more so
        // that a false positive (a key no unit processes) is vanishingly unlikely.
        const int units = 100;
        const int unitSize = 1_000;
        const int keys = ((units - 1) * unitSize / 2) + unitSize;
        using EventFilter filter = EventFilter.Open(null, 1_000_000);
        var processed = new int[keys];
        using var start = new Barrier(2);

        // Both threads go through the same units, one forwards and one backwards, so they meet in the middle and
        // compete for every key. When some units fail, each thread fails every third of its units.
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int n = 0; n < units; n++)
            {
                int round = t == 0 ? n : units - 1 - n;
                int from = round * unitSize / 2;
                ulong[] unit = Hashes(from, unitSize);
                var duplicate = new bool[unit.Length];
                filter.ClaimUnit(unit, duplicate);
                if (someUnitsFail && n % 3 == t)
                {
                    filter.ReleaseUnit(unit, duplicate);
                    continue;
                }

                for (int i = 0; i < unit.Length; i++)
                {
                    if (!duplicate[i])
                    {
                        Interlocked.Increment(ref processed[from + i]);
                    }
                }

                filter.RememberUnit(unit, duplicate);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(processed, count => Assert.InRange(count, 0, 1));
        if (!someUnitsFail)
        {
            Assert.All(processed, count => Assert.Equal(1, count));
        }

        // No claim is left behind: what no committed unit processed (only failed units held it) is new to a retry,
        // and everything processed is a duplicate.
        bool[] retry = Claim(filter, Hashes(0, keys), out _);
        for (int i = 0; i < keys; i++)
        {
            Assert.Equal(processed[i] == 1, retry[i]);
        }
    }
}

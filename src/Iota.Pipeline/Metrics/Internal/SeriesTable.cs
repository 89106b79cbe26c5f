namespace Iota.Pipeline.Metrics.Internal;

/// <summary>
/// The series of one metric, found by tag set. Lookups are lock-free and allocation-free on an
/// open-addressed table; only a tag set seen for the first time takes the lock and allocates.
/// </summary>
internal sealed class SeriesTable<TSeries>
    where TSeries : class
{
    private readonly Func<LabelSet, TSeries> _create;
    private readonly Lock _gate = new();
    private volatile Entry?[] _slots = new Entry?[16];
    private int _count;

    public SeriesTable(Func<LabelSet, TSeries> create) => _create = create;

    public TSeries GetOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = LabelSet.HashOf(tags);
        return Find(_slots, hash, tags) ?? Add(hash, tags);
    }

    public List<(LabelSet Labels, TSeries Series)> Snapshot()
    {
        var all = new List<(LabelSet, TSeries)>();
        foreach (var entry in _slots)
        {
            if (entry is not null)
            {
                all.Add((entry.Labels, entry.Series));
            }
        }

        all.Sort(static (a, b) => string.CompareOrdinal(a.Item1.Text, b.Item1.Text));
        return all;
    }

    private static TSeries? Find(Entry?[] slots, int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var mask = slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                return null;
            }

            if (entry.Labels.Hash == hash && entry.Labels.Matches(tags))
            {
                return entry.Series;
            }
        }
    }

    private TSeries Add(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var slots = _slots;
            var existing = Find(slots, hash, tags);
            if (existing is not null)
            {
                return existing;
            }

            var labels = LabelSet.Create(tags, hash);
            var entry = new Entry(labels, _create(labels));
            if ((_count + 1) * 2 > slots.Length)
            {
                // Readers still probing the old table miss at worst the entry being added, then retry here.
                var grown = new Entry?[slots.Length * 2];
                foreach (var old in slots)
                {
                    if (old is not null)
                    {
                        Place(grown, old);
                    }
                }

                Place(grown, entry);
                _slots = grown;
            }
            else
            {
                Place(slots, entry);
            }

            _count++;
            return entry.Series;
        }
    }

    private static void Place(Entry?[] slots, Entry entry)
    {
        var mask = slots.Length - 1;
        var i = entry.Labels.Hash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref slots[i], entry);
    }

    private sealed record Entry(LabelSet Labels, TSeries Series);
}

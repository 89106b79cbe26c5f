using System.Buffers;
using Iota.Engine;
using Iota.Pipeline.Bloom;
using Iota.Sdk;

namespace Iota.Pipeline;

/// <summary>
/// Drops events already processed, by <c>eventID</c> (or, for events without one, by their bytes), using an
/// ageing bloom filter. Events are remembered only after their unit of work is committed, so a unit that
/// fails is retried in full. With a state directory the filter is loaded at start and saved atomically on a
/// timer and at shutdown; without one it lives for the run.
/// </summary>
public sealed class EventFilter : IDisposable
{
    /// <summary>The filter's file name inside the state directory.</summary>
    public const string FileName = "events.bloom";

    private readonly BloomFilter _bloom;
    private readonly string? _path;
    private readonly Timer? _autosave;
    private readonly Lock _saveLock = new();

    // Changes made to the filter (units remembered), and how many of them the file holds: Save writes only when the
    // two differ, so an idle server's timer and a save right after another write nothing. -1: the file must be
    // written (there is none, or it was set aside as untrustworthy).
    private long _changes;
    private long _saved;

    // Keys claimed by units in flight. Units claim and release all their events under one acquisition.
    private readonly Lock _claimLock = new();
    private readonly HashSet<ulong> _inFlight = [];
    private readonly Action<string>? _warn;
    private bool _saveFailing;

    private EventFilter(BloomFilter bloom, string? path, TimeSpan saveInterval, Action<string>? warn = null, bool fileIsCurrent = false)
    {
        _bloom = bloom;
        _path = path;
        _warn = warn;
        _saved = fileIsCurrent ? 0 : -1;
        if (path is not null)
        {
            _autosave = new Timer(_ => Save(), null, saveInterval, saveInterval);
        }
    }

    /// <summary>Bytes of memory the filter's bit arrays take.</summary>
    public long MemoryBytes => _bloom.MemoryBytes;

    /// <summary>
    /// Opens the filter of <paramref name="stateDirectory"/> (or an in-memory one). A corrupt or mismatched file
    /// is reported through <paramref name="warn"/> and replaced, never trusted; so is a save that fails.
    /// </summary>
    public static EventFilter Open(string? stateDirectory, long capacity = BloomFilter.DefaultCapacity,
        double falsePositiveRate = BloomFilter.DefaultFalsePositiveRate, Action<string>? warn = null, TimeSpan? saveInterval = null)
    {
        if (stateDirectory is null)
        {
            return new EventFilter(new BloomFilter(capacity, falsePositiveRate), null, TimeSpan.Zero);
        }

        Directory.CreateDirectory(stateDirectory);
        string path = Path.Combine(stateDirectory, FileName);
        bool exists = File.Exists(path);
        BloomFilterLoadResult loaded = BloomFilter.LoadOrCreate(path, capacity, falsePositiveRate);
        if (loaded.Problem is not null)
        {
            warn?.Invoke(loaded.Problem);
        }

        return new EventFilter(loaded.Filter, path, saveInterval ?? TimeSpan.FromMinutes(1), warn, fileIsCurrent: exists && loaded.Problem is null);
    }

    /// <summary>True when the event was (probably) processed before.</summary>
    public bool IsDuplicate(Event e) => _bloom.Contains(KeyOf(e));

    /// <summary>Remembers the event as processed; call once its unit of work is committed.</summary>
    public void Remember(Event e)
    {
        _bloom.Add(KeyOf(e));
        Interlocked.Increment(ref _changes);
    }

    /// <summary>
    /// The event's dedup key, hashed: a unit tests every event before its commit and remembers them after, and
    /// keeping the hash spares the second pass re-reading each event's bytes and index from memory.
    /// </summary>
    internal static ulong KeyHash(Event e) => BloomFilter.KeyHash(KeyOf(e));

    /// <summary>
    /// Claims a unit's events (by hashes from <see cref="KeyHash"/>) for the calling unit of work, setting
    /// <paramref name="duplicate"/>[i] for each event that was processed before, that another unit still in flight
    /// has claimed (the same record in two files read at once), or whose key came earlier in the same unit; the
    /// others are claimed. Returns how many are duplicates. The claims end with <see cref="RememberUnit"/> once the
    /// unit is committed, or <see cref="ReleaseUnit"/> if it fails.
    /// </summary>
    internal int ClaimUnit(ReadOnlySpan<ulong> keyHashes, Span<bool> duplicate)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(duplicate.Length, keyHashes.Length, nameof(duplicate));

        // Claim first, then look in the filter: a unit remembering a key adds it to the filter before dropping its
        // claim, so one of the two checks always sees it.
        int duplicates = 0;
        lock (_claimLock)
        {
            for (int i = 0; i < keyHashes.Length; i++)
            {
                duplicate[i] = !_inFlight.Add(keyHashes[i]);
                duplicates += duplicate[i] ? 1 : 0;
            }
        }

        bool[] seen = ArrayPool<bool>.Shared.Rent(keyHashes.Length);
        try
        {
            Span<bool> present = seen.AsSpan(0, keyHashes.Length);
            if (_bloom.ContainsAll(keyHashes, duplicate, present) == 0)
            {
                return duplicates;
            }

            lock (_claimLock)
            {
                for (int i = 0; i < keyHashes.Length; i++)
                {
                    if (present[i])
                    {
                        _inFlight.Remove(keyHashes[i]);
                        duplicate[i] = true;
                        duplicates++;
                    }
                }
            }

            return duplicates;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(seen);
        }
    }

    /// <summary>
    /// Remembers the events <see cref="ClaimUnit"/> claimed (those not marked in <paramref name="duplicate"/>) as
    /// processed, and drops their claims; call once the unit of work is committed.
    /// </summary>
    internal void RememberUnit(ReadOnlySpan<ulong> keyHashes, ReadOnlySpan<bool> duplicate)
    {
        _bloom.AddAll(keyHashes, duplicate);
        Interlocked.Increment(ref _changes);
        ReleaseUnit(keyHashes, duplicate);
    }

    /// <summary>
    /// Gives up the claims of a unit that failed (the events not marked in <paramref name="duplicate"/>), so a retry
    /// (of this or another unit) processes them.
    /// </summary>
    internal void ReleaseUnit(ReadOnlySpan<ulong> keyHashes, ReadOnlySpan<bool> duplicate)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(duplicate.Length, keyHashes.Length, nameof(duplicate));
        lock (_claimLock)
        {
            for (int i = 0; i < keyHashes.Length; i++)
            {
                if (!duplicate[i])
                {
                    _inFlight.Remove(keyHashes[i]);
                }
            }
        }
    }

    /// <summary>
    /// Writes the filter to the state directory (temporary file, then rename), unless the file already holds every
    /// change. Units remembered while it writes are saved by the next call.
    /// </summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        lock (_saveLock)
        {
            long changes = Interlocked.Read(ref _changes);
            if (changes == _saved)
            {
                return;
            }

            try
            {
                _bloom.Save(_path);
                _saved = changes;
                _saveFailing = false;
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                // A full disk or a blocked path must not stop the process (Save runs on a timer and at exit): the filter
                // stays in memory and the next save tries again. Said once per failing streak, not every minute.
                if (!_saveFailing)
                {
                    _saveFailing = true;
                    _warn?.Invoke($"cannot save the seen-events filter to {_path}: {ex.Message}; until a save succeeds, a restart " +
                        "reads the events since the last save as new (units already committed raise no alerts again)");
                }
            }
        }
    }

    /// <summary>Stops the timer and saves.</summary>
    public void Dispose()
    {
        _autosave?.Dispose();
        Save();
    }

    private static ReadOnlySpan<byte> KeyOf(Event e)
    {
        JsonField id = e.EventId;
        return id.IsNullOrEmpty ? e.Utf8 : id.RawJson;
    }
}

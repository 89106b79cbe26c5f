namespace Iota.Engine;

/// <summary>
/// Holds the current <see cref="RuleSet"/> and swaps a new one in atomically. Batches evaluate against the set
/// they leased at their start, so a swap takes effect between batches, never inside one.
/// </summary>
public sealed class RuleEngine : IDisposable
{
    private RuleSet _current;

    /// <summary>Starts with <paramref name="initial"/> as the current rule set.</summary>
    public RuleEngine(RuleSet initial)
    {
        _current = initial;
    }

    /// <summary>The rule set new batches will use.</summary>
    public RuleSet Current => Volatile.Read(ref _current);

    /// <summary>Failures of rules while evaluating, across every rule set this engine has held.</summary>
    public RuleErrorLog Errors { get; } = new();

    /// <summary>Leases the current rule set for one batch; dispose the lease when the batch is done.</summary>
    public RuleSetLease Acquire()
    {
        while (true)
        {
            RuleSet set = Volatile.Read(ref _current);
            if (set.TryAcquire())
            {
                return new RuleSetLease(set);
            }
        }
    }

    /// <summary>Makes <paramref name="next"/> current; the previous set is released once its batches finish.</summary>
    public void Swap(RuleSet next)
    {
        RuleSet previous = Interlocked.Exchange(ref _current, next);
        if (!ReferenceEquals(previous, next))
        {
            previous.Dispose();
        }
    }

    /// <summary>Releases the current rule set.</summary>
    public void Dispose() => Current.Dispose();
}

/// <summary>A batch's claim on a rule set; keeps its code loaded until disposed.</summary>
public readonly struct RuleSetLease : IDisposable
{
    internal RuleSetLease(RuleSet set) => Set = set;

    /// <summary>The leased rule set.</summary>
    public RuleSet Set { get; }

    /// <summary>Releases the claim.</summary>
    public void Dispose() => Set?.Release();
}

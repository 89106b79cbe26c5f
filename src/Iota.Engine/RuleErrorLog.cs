using System.Collections.Concurrent;

namespace Iota.Engine;

/// <summary>
/// Counts rule failures per rule and keeps the first message of each, so a rule that throws on every event
/// is reported once with a count instead of flooding stderr. Thread-safe.
/// </summary>
public sealed class RuleErrorLog
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Raised the first time a rule fails, with that failure.</summary>
    public event Action<RuleError>? FirstError;

    /// <summary>Total failures across all rules.</summary>
    public long Total => _entries.Values.Sum(e => e.Count);

    /// <summary>Records a failure of <paramref name="ruleId"/>.</summary>
    public void Record(string ruleId, string message)
    {
        EngineMetrics.RuleErrors.Add(1, new KeyValuePair<string, object?>("rule_id", ruleId));
        Entry entry = _entries.GetOrAdd(ruleId, static (_, m) => new Entry(m), message);
        if (Interlocked.Increment(ref entry.Count) == 1)
        {
            FirstError?.Invoke(new RuleError(ruleId, message));
        }
    }

    /// <summary>Per rule: how many failures, and the first message.</summary>
    public IReadOnlyList<(string RuleId, long Count, string FirstMessage)> Summary() =>
        [.. _entries.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, Interlocked.Read(ref kv.Value.Count), kv.Value.FirstMessage))];

    private sealed class Entry(string firstMessage)
    {
        public long Count;

        public string FirstMessage { get; } = firstMessage;
    }
}

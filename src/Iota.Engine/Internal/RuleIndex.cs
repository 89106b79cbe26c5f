using System.Text;
using Iota.Sdk;

namespace Iota.Engine.Internal;

/// <summary>
/// Dispatch: for one log type, which rules an event can possibly match, looked up by its eventName and
/// eventSource without allocating (the UTF-8 value as it sits in the event probes a byte-keyed table).
/// </summary>
internal sealed class RuleIndex
{
    private readonly IndexedRule[] _always;
    private readonly Utf8RuleTable _byNameTable;
    private readonly Utf8RuleTable _bySourceTable;

    public RuleIndex(IEnumerable<IndexedRule> rules)
    {
        var always = new List<IndexedRule>();
        var byName = new Dictionary<string, List<IndexedRule>>(StringComparer.Ordinal);
        var bySource = new Dictionary<string, List<IndexedRule>>(StringComparer.Ordinal);
        foreach (IndexedRule rule in rules)
        {
            if (rule.Descriptor.EventNames.Count > 0)
            {
                foreach (string name in rule.Descriptor.EventNames.Distinct())
                {
                    (byName.TryGetValue(name, out var list) ? list : byName[name] = []).Add(rule);
                }
            }
            else if (rule.Descriptor.EventSources.Count > 0)
            {
                foreach (string source in rule.Descriptor.EventSources.Distinct())
                {
                    (bySource.TryGetValue(source, out var list) ? list : bySource[source] = []).Add(rule);
                }
            }
            else
            {
                always.Add(rule);
            }
        }

        _always = [.. always];
        _byNameTable = new Utf8RuleTable(byName.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
        _bySourceTable = new Utf8RuleTable(bySource.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>Rules without prefilters: every event of the log type meets them.</summary>
    public ReadOnlySpan<IndexedRule> Always => _always;

    public ReadOnlySpan<IndexedRule> ByName(JsonField eventName) => Find(eventName, _byNameTable);

    public ReadOnlySpan<IndexedRule> BySource(JsonField eventSource) => Find(eventSource, _bySourceTable);

    private static ReadOnlySpan<IndexedRule> Find(JsonField value, Utf8RuleTable table)
    {
        if (table.IsEmpty || value.Kind != JsonFieldKind.String)
        {
            return default;
        }

        ReadOnlySpan<byte> raw = value.RawJson;
        raw = raw[1..^1];
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            // Escaped names are rare; unescape them rather than mis-dispatching.
            return table.Find(Encoding.UTF8.GetBytes(value.ToString()));
        }

        return table.Find(raw);
    }
}

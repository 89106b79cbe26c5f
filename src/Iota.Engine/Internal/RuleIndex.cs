using System.Text;
using Iota.Sdk;

namespace Iota.Engine.Internal;

/// <summary>
/// Dispatch: for one log type, which rules an event can possibly match, looked up by its eventName and
/// eventSource without allocating (the UTF-8 value is transcoded on the stack for a span-keyed lookup).
/// </summary>
internal sealed class RuleIndex
{
    private readonly IndexedRule[] _always;
    private readonly Dictionary<string, IndexedRule[]> _byName;
    private readonly Dictionary<string, IndexedRule[]> _bySource;
    private readonly Dictionary<string, IndexedRule[]>.AlternateLookup<ReadOnlySpan<char>> _byNameLookup;
    private readonly Dictionary<string, IndexedRule[]>.AlternateLookup<ReadOnlySpan<char>> _bySourceLookup;

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
        _byName = byName.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _bySource = bySource.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _byNameLookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        _bySourceLookup = _bySource.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Rules without prefilters: every event of the log type meets them.</summary>
    public ReadOnlySpan<IndexedRule> Always => _always;

    public ReadOnlySpan<IndexedRule> ByName(JsonField eventName) => Find(eventName, _byName.Count, _byNameLookup);

    public ReadOnlySpan<IndexedRule> BySource(JsonField eventSource) => Find(eventSource, _bySource.Count, _bySourceLookup);

    private static ReadOnlySpan<IndexedRule> Find(
        JsonField value, int count, Dictionary<string, IndexedRule[]>.AlternateLookup<ReadOnlySpan<char>> lookup)
    {
        if (count == 0 || value.Kind != JsonFieldKind.String)
        {
            return default;
        }

        ReadOnlySpan<byte> raw = value.RawJson;
        raw = raw[1..^1];
        if (raw.Length > 128 || raw.IndexOf((byte)'\\') >= 0)
        {
            // Escaped or oversized names are rare; take the allocating path rather than mis-dispatching.
            return lookup.Dictionary.TryGetValue(value.ToString(), out IndexedRule[]? slow) ? slow : default;
        }

        Span<char> chars = stackalloc char[128];
        int n = Encoding.UTF8.GetChars(raw, chars);
        return lookup.TryGetValue(chars[..n], out IndexedRule[]? rules) ? rules : default;
    }
}

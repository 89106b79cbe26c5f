using System.Collections.Frozen;
using Iota.Engine.Internal;
using Iota.Sdk;

namespace Iota.Engine;

/// <summary>
/// An immutable set of loaded rules with its dispatch index. Evaluation is thread-safe. A rule set is swapped
/// in whole on reload; the code of rules it alone used is unloaded once the last batch using it is done.
/// </summary>
public sealed class RuleSet : IDisposable
{
    private readonly FrozenDictionary<string, RuleIndex> _byLogType;
    private readonly IReadOnlyList<RuleSource> _sources;
    private int _leases = 1;

    private RuleSet(IReadOnlyList<RuleSource> sources, List<IndexedRule> rules, IReadOnlyList<RuleLoadError> errors, IReadOnlyList<string> pythonRoots)
    {
        _sources = sources;
        Rules = [.. rules.Select(r => r.Descriptor)];
        LoadErrors = errors;
        PythonRoots = pythonRoots;
        _byLogType = rules
            .Where(r => r.Descriptor.Enabled)
            .SelectMany(r => r.Descriptor.LogTypes.Distinct().Select(t => (LogType: t, Rule: r)))
            .GroupBy(x => x.LogType, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => new RuleIndex(g.Select(x => x.Rule)), StringComparer.Ordinal);
    }

    /// <summary>Every loaded rule, enabled or not, in load order.</summary>
    public IReadOnlyList<RuleDescriptor> Rules { get; }

    /// <summary>Files that failed to load (their rules are absent; everything else loaded).</summary>
    public IReadOnlyList<RuleLoadError> LoadErrors { get; }

    /// <summary>Rule folders that contain Python rules, for the Python host.</summary>
    public IReadOnlyList<string> PythonRoots { get; }

    internal IReadOnlyList<RuleSource> Sources => _sources;

    /// <summary>True when at least one enabled rule reads <paramref name="logType"/>.</summary>
    public bool HasRulesFor(string logType) => _byLogType.ContainsKey(logType);

    /// <summary>
    /// Runs every rule that can match <paramref name="e"/> and adds a <see cref="RuleMatch"/> per match. A rule
    /// that throws is recorded in <paramref name="errors"/> and skipped; the other rules still run. Allocates
    /// nothing for events no rule matches.
    /// </summary>
    /// <param name="e">The event.</param>
    /// <param name="logType">Its log type; only rules for it run.</param>
    /// <param name="matches">Receives the matches.</param>
    /// <param name="errors">Receives rule failures.</param>
    /// <param name="deferDetails">
    /// Compute each match's alert context and event copy only when first read (see <see cref="RuleMatch"/>): the
    /// caller keeps <paramref name="e"/>'s buffer and this set (its lease) alive until then, and calls
    /// <see cref="RuleMatch.ReleaseEvent"/> before reusing the buffer.
    /// </param>
    public void Evaluate(Event e, string logType, List<RuleMatch> matches, RuleErrorLog errors, bool deferDetails = false)
    {
        if (!_byLogType.TryGetValue(logType, out RuleIndex? index))
        {
            return;
        }

        foreach (IndexedRule rule in index.Always)
        {
            Run(rule, e, logType, matches, errors, deferDetails);
        }

        foreach (IndexedRule rule in index.ByName(e.EventName))
        {
            if (!rule.ChecksSource || rule.SourceMatches(e.EventSource))
            {
                Run(rule, e, logType, matches, errors, deferDetails);
            }
        }

        foreach (IndexedRule rule in index.BySource(e.EventSource))
        {
            Run(rule, e, logType, matches, errors, deferDetails);
        }
    }

    /// <summary>Ends this owner's claim: once no batch holds a lease, code used only by this set is unloaded.</summary>
    public void Dispose() => Release();

    internal bool TryAcquire()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _leases);
            if (current == 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _leases, current + 1, current) != current);

        return true;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            foreach (RuleSource source in _sources)
            {
                source.RemoveUser();
            }
        }
    }

    internal static RuleSet Create(List<RuleSource> sources, List<RuleLoadError> errors, List<string> pythonRoots)
    {
        var rules = new List<IndexedRule>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (RuleSource source in sources)
        {
            foreach (Rule rule in source.Rules)
            {
                RuleDescriptor? descriptor = Describe(rule, source, errors);
                if (descriptor is null)
                {
                    continue;
                }

                if (seen.TryGetValue(descriptor.Id, out string? first))
                {
                    errors.Add(new RuleLoadError(source.Path, null, null, $"rule id {descriptor.Id} is already defined in {first}; this one is skipped"));
                    continue;
                }

                seen[descriptor.Id] = source.Path;
                rules.Add(new IndexedRule(rule, descriptor));
            }

            source.AddUser();
        }

        return new RuleSet(sources, rules, errors, pythonRoots);
    }

    private static RuleDescriptor? Describe(Rule rule, RuleSource source, List<RuleLoadError> errors)
    {
        try
        {
            string id = rule.Id;
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new RuleLoadError(source.Path, null, null, $"rule {rule.GetType().Name} has an empty Id"));
                return null;
            }

            if (rule.Threshold < 1 || rule.DedupPeriodMinutes < 1)
            {
                errors.Add(new RuleLoadError(source.Path, null, null, $"rule {id}: Threshold and DedupPeriodMinutes must be at least 1"));
                return null;
            }

            return new RuleDescriptor
            {
                Id = id,
                Severity = rule.Severity,
                LogTypes = [.. rule.LogTypes],
                EventSources = [.. rule.EventSources],
                EventNames = [.. rule.EventNames],
                DedupPeriodMinutes = rule.DedupPeriodMinutes,
                Threshold = rule.Threshold,
                Description = rule.Description,
                Runbook = rule.Runbook,
                Reference = rule.Reference,
                Tags = [.. rule.Tags],
                Enabled = rule.Enabled,
                Language = source.Language,
                Source = source.Path,
            };
        }
        catch (Exception ex)
        {
            errors.Add(new RuleLoadError(source.Path, null, null, $"rule {rule.GetType().Name} threw while describing itself: {ex.Message}"));
            return null;
        }
    }

    private static void Run(IndexedRule rule, Event e, string logType, List<RuleMatch> matches, RuleErrorLog errors, bool deferDetails)
    {
        bool matched;
        try
        {
            matched = rule.Rule.Match(e);
        }
        catch (Exception ex)
        {
            errors.Record(rule.Descriptor.Id, $"Match threw {ex.GetType().Name}: {ex.Message}");
            Count(rule, "error");
            return;
        }

        Count(rule, matched ? "match" : "no_match");
        if (matched)
        {
            matches.Add(BuildMatch(rule, e, logType, errors, deferDetails));
        }
    }

    private static void Count(IndexedRule rule, string result)
    {
        if (EngineMetrics.RulesEvaluated.Enabled)
        {
            EngineMetrics.RulesEvaluated.Add(1,
                new KeyValuePair<string, object?>("rule_id", rule.Descriptor.Id),
                new KeyValuePair<string, object?>("result", result));
        }
    }

    /// <summary>Computes a match's outputs; a failing output function falls back to its default and is reported.</summary>
    internal static RuleMatch BuildMatch(IndexedRule rule, Event e, string logType, RuleErrorLog errors, bool deferDetails = false)
    {
        Rule r = rule.Rule;
        RuleDescriptor d = rule.Descriptor;
        string title = Try(d, errors, "Title", () => r.Title(e), d.Id);
        string dedup = Try(d, errors, "Dedup", () => r.Dedup(e), title);
        Severity severity = Try(d, errors, "SeverityFor", () => r.SeverityFor(e), d.Severity);
        if (deferDetails)
        {
            return new RuleMatch(d, title, dedup, severity, e.EventTime, logType, () => Details(r, d, e, errors));
        }

        (string? context, ReadOnlyMemory<byte> utf8) = Details(r, d, e, errors);
        return new RuleMatch(d, title, dedup, severity, context, utf8, e.EventTime, logType);
    }

    private static (string? Context, ReadOnlyMemory<byte> Event) Details(Rule r, RuleDescriptor d, Event e, RuleErrorLog errors) =>
        (Try(d, errors, "AlertContext", () => AlertContextWriter.ToJson(r.AlertContext(e)), null), e.Utf8.ToArray());

    private static T Try<T>(RuleDescriptor d, RuleErrorLog errors, string what, Func<T> compute, T fallback)
    {
        try
        {
            return compute();
        }
        catch (Exception ex)
        {
            errors.Record(d.Id, $"{what} threw {ex.GetType().Name}: {ex.Message}");
            return fallback;
        }
    }
}

using System.Diagnostics;
using Iota.Engine;
using Iota.Pipeline.Metrics;
using Iota.Pipeline.Outputs;
using Iota.Sdk;

namespace Iota.Pipeline;

/// <summary>
/// Processes one unit of work (a file, an object, a message): drops events seen before, runs the rules,
/// stores the matches as alerts (queued for outputs in the same transaction), and only then remembers the
/// unit's events as seen. A failure anywhere before the commit leaves nothing behind, so the unit can simply
/// be processed again. Thread-safe: workers share one processor, each with its own <see cref="EventBatch"/>.
/// </summary>
public sealed class UnitProcessor
{
    private readonly RuleEngine _engine;
    private readonly EventFilter _filter;
    private readonly AlertStore? _alerts;
    private readonly IReadOnlyList<OutputRoute> _routes;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates a processor. Without an <paramref name="alerts"/> store it only reports matches (for
    /// <c>--matches</c> and backtests) and remembers nothing.
    /// </summary>
    public UnitProcessor(RuleEngine engine, EventFilter filter, AlertStore? alerts, IReadOnlyList<OutputRoute> routes, TimeProvider? time = null)
    {
        _engine = engine;
        _filter = filter;
        _alerts = alerts;
        _routes = routes;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Processes <paramref name="batch"/> as the unit <paramref name="unitKey"/>.</summary>
    public UnitOutcome Process(EventBatch batch, string unitKey)
    {
        long started = Stopwatch.GetTimestamp();
        var matches = new List<RuleMatch>();
        int duplicates = 0;
        bool[]? duplicate = null;
        using (RuleSetLease lease = _engine.Acquire())
        {
            RuleSet rules = lease.Set;
            for (int i = 0; i < batch.Count; i++)
            {
                Event e = batch.Events[i];
                if (_alerts is not null && _filter.IsDuplicate(e))
                {
                    (duplicate ??= new bool[batch.Count])[i] = true;
                    duplicates++;
                    continue;
                }

                rules.Evaluate(e, batch.LogTypeOf(i), matches, _engine.Errors);
            }
        }

        IReadOnlyList<Alert> opened = [];
        if (_alerts is not null)
        {
            opened = _alerts.CommitUnit(unitKey, matches, _routes, _time.GetUtcNow());
            for (int i = 0; i < batch.Count; i++)
            {
                if (duplicate is null || !duplicate[i])
                {
                    _filter.Remember(batch.Events[i]);
                }
            }
        }

        Record(batch, duplicates, opened, Stopwatch.GetElapsedTime(started));
        return new UnitOutcome(batch.Count, duplicates, matches, opened);
    }

    private static void Record(EventBatch batch, int duplicates, IReadOnlyList<Alert> opened, TimeSpan elapsed)
    {
        if (IotaMetrics.EventsProcessed.Enabled)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < batch.Count; i++)
            {
                counts[batch.LogTypeOf(i)] = counts.GetValueOrDefault(batch.LogTypeOf(i)) + 1;
            }

            foreach (var (logType, count) in counts)
            {
                IotaMetrics.EventsProcessed.Add(count, new("log_type", logType), new("status", "ok"));
            }

            if (batch.Errors.Count > 0)
            {
                IotaMetrics.EventsProcessed.Add(batch.Errors.Count, new("log_type", LogTypes.Unknown), new("status", "error"));
            }
        }

        if (batch.Count > 0)
        {
            IotaMetrics.EventProcessingSeconds.Record(elapsed.TotalSeconds / batch.Count);
        }

        IotaMetrics.DuplicateEvents.Add(duplicates);
        foreach (Alert alert in opened)
        {
            IotaMetrics.AlertsGenerated.Add(1, new("rule_id", alert.RuleId), new("severity", AlertJson.SeverityName(alert.Severity)));
        }
    }
}

/// <summary>What one unit of work produced.</summary>
/// <param name="Events">Events read from the unit.</param>
/// <param name="Duplicates">Events dropped as already processed.</param>
/// <param name="Matches">Every rule match, before alert dedup.</param>
/// <param name="Alerts">Alerts the unit opened (already queued for outputs).</param>
public sealed record UnitOutcome(int Events, int Duplicates, IReadOnlyList<RuleMatch> Matches, IReadOnlyList<Alert> Alerts);

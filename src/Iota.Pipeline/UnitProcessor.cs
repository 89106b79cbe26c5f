using System.Diagnostics;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Pipeline.Lake;
using Iota.Pipeline.Metrics;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.Readers.Internal;
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
    private readonly PythonRuleHost? _python;
    private readonly Dictionary<string, RuleDescriptor> _pythonRules;
    private readonly HashSet<string> _pythonLogTypes;
    private readonly LakeWriter? _lake;

    // Units in flight by key, with how many callers hold or wait for each: one unit key is processed at a time.
    private readonly Dictionary<string, UnitGate> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates a processor. Without an <paramref name="alerts"/> store it only reports matches (for
    /// <c>--matches</c> and backtests) and remembers nothing. With a <paramref name="lake"/>, each unit's new
    /// events are staged in the lake before the unit is committed.
    /// </summary>
    public UnitProcessor(
        RuleEngine engine, EventFilter filter, AlertStore? alerts, IReadOnlyList<OutputRoute> routes,
        PythonRuleHost? python = null, TimeProvider? time = null, LakeWriter? lake = null)
    {
        _lake = lake;
        _engine = engine;
        _filter = filter;
        _alerts = alerts;
        _routes = routes;
        _time = time ?? TimeProvider.System;
        _python = python;
        _pythonRules = python?.Rules.Where(r => r.Enabled).ToDictionary(r => r.Id, StringComparer.Ordinal) ?? [];
        _pythonLogTypes = [.. _pythonRules.Values.SelectMany(r => r.LogTypes)];
    }

    /// <summary>Events sent to a Python worker in one request; several requests keep every worker busy.</summary>
    public const int PythonChunkSize = 256;

    /// <summary>
    /// Loads <paramref name="batch"/> with <paramref name="load"/> (e.g. <c>b =&gt; b.LoadFile(path)</c>) and processes it
    /// as the unit <paramref name="unitKey"/>. The rules run on each few dozen events as soon as they are indexed, while
    /// their bytes are still in the CPU's cache, instead of after the whole input is indexed. A batch that is
    /// already loaded takes a <paramref name="load"/> that does nothing: its events are then handed over at once.
    /// </summary>
    /// <remarks>
    /// Calls for the same <paramref name="unitKey"/> run one after another (a queue message delivered again while
    /// the first delivery is still processing its object): otherwise the second would see the first's events as
    /// claimed, count them as duplicates and commit the unit first, and the first's commit would then find the unit
    /// done and drop its alerts. The one that comes second finds the unit committed and opens nothing.
    /// </remarks>
    public UnitOutcome Process(EventBatch batch, string unitKey, Action<EventBatch> load)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(load);
        UnitGate gate = EnterUnit(unitKey);
        try
        {
            return ProcessUnit(batch, unitKey, load);
        }
        finally
        {
            ExitUnit(unitKey, gate);
        }
    }

    /// <summary>
    /// Processes <paramref name="content"/> (seekable; gzip detected by its magic bytes) from <paramref name="source"/>
    /// as the unit <paramref name="unitKey"/>; or, when it is JSON Lines or log files one after another, of more than
    /// <paramref name="partBytes"/>, one part of whole lines or log files at a time, each the unit <c>unitKey@offset</c>
    /// (where it starts once decompressed), so only one part is held decompressed and a second delivery finds the parts
    /// already committed.
    /// <paramref name="unitDone"/> sees the batch after each unit (its events, its errors); the outcomes are combined.
    /// </summary>
    public UnitOutcome ProcessStream(EventBatch batch, string unitKey, string source, Stream content, int partBytes, Action<EventBatch> unitDone)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(unitDone);
        using InputPartReader? parts = InputPartReader.OpenIfLarge(content, partBytes);
        if (parts is null)
        {
            UnitOutcome whole = Process(batch, unitKey, b => b.LoadStream(source, content));
            unitDone(batch);
            return whole;
        }

        int events = 0, duplicates = 0;
        var matches = new List<RuleMatch>();
        var alerts = new List<Alert>();
        while (parts.Next() is InputPart part)
        {
            try
            {
                UnitOutcome done = Process(batch, part.UnitKey(unitKey), b => b.LoadPart(source, part));
                unitDone(batch);
                events += done.Events;
                duplicates += done.Duplicates;
                matches.AddRange(done.Matches);
                alerts.AddRange(done.Alerts);
            }
            finally
            {
                part.Return();
            }
        }

        return new UnitOutcome(events, duplicates, matches, alerts);
    }

    private UnitGate EnterUnit(string unitKey)
    {
        UnitGate? gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(unitKey, out gate))
            {
                _gates[unitKey] = gate = new UnitGate();
            }

            gate.Users++;
        }

        gate.Lock.Enter();
        return gate;
    }

    private void ExitUnit(string unitKey, UnitGate gate)
    {
        gate.Lock.Exit();
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(unitKey);
            }
        }
    }

    private UnitOutcome ProcessUnit(EventBatch batch, string unitKey, Action<EventBatch> load)
    {
        long started = Stopwatch.GetTimestamp();
        var matches = new List<RuleMatch>();
        int duplicates = 0, claimed = 0;
        bool[]? duplicate = _alerts is null ? null : new bool[Math.Max(EventBatch.ChunkSize, batch.Count)];
        IReadOnlyList<Alert> opened = [];

        // The lease lasts until the commit: with an alert store, matches compute their alert context (rule code)
        // and copy their event only if they open an alert, so the rule set and the batch must outlive the commit.
        using (RuleSetLease lease = _engine.Acquire())
        {
            RuleSet rules = lease.Set;
            bool deferDetails = _alerts is not null;
            void Evaluate(EventBatch indexed, int from, int count)
            {
                if (duplicate is not null)
                {
                    if (duplicate.Length < from + count)
                    {
                        Array.Resize(ref duplicate, Math.Max(duplicate.Length * 2, from + count));
                    }

                    duplicates += _filter.ClaimUnit(indexed.KeyHashes.Slice(from, count), duplicate.AsSpan(from, count));
                    claimed = from + count;
                }

                for (int i = from; i < from + count; i++)
                {
                    if (duplicate is null || !duplicate[i])
                    {
                        rules.Evaluate(indexed.Events[i], indexed.LogTypeOf(i), matches, _engine.Errors, deferDetails);
                    }
                }
            }

            try
            {
                batch.Load(load, Evaluate);

                if (_pythonRules.Count > 0)
                {
                    EvaluatePython(batch, duplicate, matches);
                }

                // The lake has the unit's events before anything acknowledges the unit; a crash in between restages nothing.
                _lake?.Stage(batch, unitKey, duplicate);
                if (_alerts is not null)
                {
                    opened = _alerts.CommitUnit(unitKey, matches, _routes, _time.GetUtcNow());
                }
            }
            catch when (_alerts is not null)
            {
                _filter.ReleaseUnit(batch.KeyHashes[..claimed], duplicate.AsSpan(0, claimed));
                throw;
            }
            finally
            {
                foreach (RuleMatch match in matches)
                {
                    match.ReleaseEvent();
                }
            }
        }

        if (_alerts is not null)
        {
            _filter.RememberUnit(batch.KeyHashes, duplicate.AsSpan(0, batch.Count));
        }

        _lake?.Committed(unitKey);
        Record(batch, duplicates, opened, Stopwatch.GetElapsedTime(started));
        return new UnitOutcome(batch.Count, duplicates, matches, opened);
    }

    /// <summary>
    /// Runs the Python rules over the unit's new events, in chunks spread over the worker pool. Their matches
    /// join the C# ones and take the same path to alerts; their errors are counted like C# rule errors.
    /// </summary>
    private void EvaluatePython(EventBatch batch, bool[]? duplicate, List<RuleMatch> matches)
    {
        var indexes = new List<int>(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            if ((duplicate is null || !duplicate[i]) && _pythonLogTypes.Contains(batch.LogTypeOf(i)))
            {
                indexes.Add(i);
            }
        }

        var requests = indexes.Chunk(PythonChunkSize).Select(chunk => _python!.EvaluateAsync(
            [.. chunk.Select(i => (batch.Events.GetEventUtf8(i), batch.LogTypeOf(i)))])).ToArray();
        PythonEvaluation[] results = Task.WhenAll(requests).GetAwaiter().GetResult();
        for (int r = 0; r < results.Length; r++)
        {
            int offset = r * PythonChunkSize;
            foreach (PythonMatch m in results[r].Matches)
            {
                int i = indexes[offset + m.EventIndex];
                if (_pythonRules.TryGetValue(m.RuleId, out RuleDescriptor? rule))
                {
                    matches.Add(new RuleMatch(rule, m.Title, m.Dedup, m.Severity, m.AlertContextJson,
                        batch.Events.GetEventUtf8(i).ToArray(), batch.Events[i].EventTime, batch.LogTypeOf(i)));
                }
            }

            foreach (PythonRuleError error in results[r].Errors)
            {
                _engine.Errors.Record(error.Error.RuleId, error.Error.Message);
            }
        }
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

    private sealed class UnitGate
    {
        public Lock Lock { get; } = new();

        public int Users { get; set; }
    }
}

/// <summary>What one unit of work produced.</summary>
/// <param name="Events">Events read from the unit.</param>
/// <param name="Duplicates">Events dropped as already processed.</param>
/// <param name="Matches">
/// Every rule match, before alert dedup. With an alert store, only the matches that opened an alert keep their alert
/// context and event (<see cref="RuleMatch.HasDetails"/>); the others carry their rule, title, dedup and time.
/// </param>
/// <param name="Alerts">Alerts the unit opened (already queued for outputs).</param>
public sealed record UnitOutcome(int Events, int Duplicates, IReadOnlyList<RuleMatch> Matches, IReadOnlyList<Alert> Alerts);

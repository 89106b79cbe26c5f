using Iota.Engine;
using Iota.Pipeline.Internal;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Iota.Pipeline.State.Internal;
using Microsoft.Data.Sqlite;

namespace Iota.Pipeline;

/// <summary>
/// Turns rule matches into alerts: one alert per rule id + dedup string per dedup window, counted, with
/// thresholds, and queued for delivery in the same transaction that records the unit of work.
/// </summary>
/// <remarks>
/// Windows run on the events' own times (<see cref="RuleMatch.EventTime"/>, falling back to the commit time),
/// so replaying last month's logs groups matches by when they happened, not by when iota read them.
/// <list type="bullet">
/// <item>A match falls in an alert's window when <c>first_seen &lt;= t &lt; first_seen + period</c>; it then
/// bumps that alert's count and last_seen and notifies nobody.</item>
/// <item>A match that arrives out of order, less than one period before an alert's first_seen (and in no
/// earlier window), also joins that alert and moves its first_seen back, so late CloudTrail files do not
/// page twice.</item>
/// <item>Otherwise the match opens a new alert, or, for a rule with a threshold of N, counts towards a pending
/// window that opens the alert (with count N) when its Nth match arrives before the window ends. The pending
/// counter keeps no events, so a threshold alert carries the Nth match's event and context, and its
/// first_seen is the window's start.</item>
/// </list>
/// </remarks>
public sealed class AlertStore
{
    private readonly StateDatabase _database;

    /// <summary>Creates a store over <paramref name="database"/>.</summary>
    public AlertStore(StateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>
    /// Records one unit of work's matches, sending new alerts to every output in <paramref name="outputNames"/>.
    /// </summary>
    /// <returns>The alerts this unit opened; empty when the unit was already committed.</returns>
    public IReadOnlyList<Alert> CommitUnit(
        string unitKey,
        IReadOnlyList<RuleMatch> matches,
        IReadOnlyList<string> outputNames,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outputNames);
        return CommitUnit(unitKey, matches, outputNames.Select(OutputRoute.All).ToList(), now);
    }

    /// <summary>
    /// Records one unit of work's matches in one transaction, queueing each new alert in the outbox for every
    /// route that accepts it. A unit key that was already committed (a unit reprocessed after a crash) changes
    /// nothing, so its matches are never counted twice.
    /// </summary>
    /// <returns>The alerts this unit opened; empty when the unit was already committed.</returns>
    public IReadOnlyList<Alert> CommitUnit(
        string unitKey,
        IReadOnlyList<RuleMatch> matches,
        IReadOnlyList<OutputRoute> routes,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitKey);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(routes);

        return _database.InTransaction((connection, transaction) =>
        {
            using var commit = new UnitCommit(connection, transaction, routes, now);
            if (!commit.ClaimUnit(unitKey))
            {
                return (IReadOnlyList<Alert>)[];
            }

            commit.Load(matches);
            foreach (var match in matches)
            {
                commit.Apply(match);
            }

            commit.Flush();
            return commit.Opened;
        });
    }

    /// <summary>True when <paramref name="unitKey"/> has been committed.</summary>
    public bool IsUnitCommitted(string unitKey) => _database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM processed_units WHERE unit_key = $key;";
        command.Parameters.AddWithValue("$key", unitKey);
        return command.ExecuteScalar() is not null;
    });

    /// <summary>
    /// Alerts, newest first: those seen at or after <paramref name="since"/> (by last_seen, so an old alert that is
    /// still counting shows up), optionally only from rule <paramref name="ruleId"/>.
    /// </summary>
    public IReadOnlyList<Alert> List(DateTimeOffset? since = null, string? ruleId = null) => _database.Use(connection =>
    {
        var clauses = new List<string>();
        var parameters = new List<(string, object)>();
        if (since is { } from)
        {
            clauses.Add("last_seen >= $since");
            parameters.Add(("$since", UnixTime.ToMs(from)));
        }

        if (ruleId is not null)
        {
            clauses.Add("rule_id = $rule");
            parameters.Add(("$rule", ruleId));
        }

        var where = clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
        return (IReadOnlyList<Alert>)AlertRows.Select(connection, null, where, [.. parameters]);
    });

    /// <summary>The alert with id <paramref name="alertId"/>, or null.</summary>
    public Alert? Get(string alertId) => _database.Use(connection => AlertRows.Find(connection, null, alertId));

    /// <summary>The work of one <see cref="CommitUnit(string, IReadOnlyList{RuleMatch}, IReadOnlyList{OutputRoute}, DateTimeOffset)"/> call.</summary>
    /// <remarks>
    /// A threshold rule can match thousands of events of one busy file under a handful of dedup strings. The unit
    /// therefore reads each rule id + dedup string's alerts and pending threshold count once, applies every match to
    /// them in memory (the same rules as the class remarks, in match order), and writes each changed row once in
    /// <see cref="Flush"/>. The alerts read are those whose first_seen lies within one period of the unit's matches
    /// for that key: no alert further away can take or affect any of them.
    /// </remarks>
    private sealed class UnitCommit(
        SqliteConnection connection,
        SqliteTransaction transaction,
        IReadOnlyList<OutputRoute> routes,
        DateTimeOffset now) : IDisposable
    {
        // Each statement is prepared once per unit and re-bound instead of re-parsed every time.
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        private readonly Dictionary<(string RuleId, string Dedup), KeyState> _keys = [];

        public List<Alert> Opened { get; } = [];

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }

        public bool ClaimUnit(string unitKey) =>
            Execute(
                "INSERT OR IGNORE INTO processed_units (unit_key, committed_at) VALUES ($key, $now);",
                ("$key", unitKey),
                ("$now", UnixTime.ToMs(now))) == 1;

        /// <summary>Reads, for every key among <paramref name="matches"/>, what its matches can touch.</summary>
        public void Load(IReadOnlyList<RuleMatch> matches)
        {
            var spans = new Dictionary<(string, string), (RuleDescriptor Rule, long Min, long Max)>();
            foreach (var match in matches)
            {
                var key = (match.Rule.Id, match.Dedup);
                var time = TimeOf(match);
                spans[key] = spans.TryGetValue(key, out var span)
                    ? (span.Rule, Math.Min(span.Min, time), Math.Max(span.Max, time))
                    : (match.Rule, time, time);
            }

            foreach (var ((ruleId, dedup), (rule, min, max)) in spans)
            {
                var period = PeriodOf(rule);
                var state = new KeyState();
                using (var reader = Command(
                    """
                    SELECT alert_id, first_seen, last_seen, count FROM alerts
                    WHERE rule_id = $rule AND dedup = $dedup AND first_seen >= $from AND first_seen <= $to;
                    """,
                    ("$rule", ruleId),
                    ("$dedup", dedup),
                    ("$from", min - period),
                    ("$to", max + period)).ExecuteReader())
                {
                    while (reader.Read())
                    {
                        state.Alerts.Add(new AlertState(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
                    }
                }

                if (Math.Max(1, rule.Threshold) > 1)
                {
                    using var reader = Command(
                        "SELECT window_start, count FROM threshold_counts WHERE rule_id = $rule AND dedup = $dedup;",
                        ("$rule", ruleId),
                        ("$dedup", dedup)).ExecuteReader();
                    if (reader.Read())
                    {
                        state.Pending = (reader.GetInt64(0), reader.GetInt64(1));
                        state.HadPending = true;
                    }
                }

                _keys.Add((ruleId, dedup), state);
            }
        }

        public void Apply(RuleMatch match)
        {
            var rule = match.Rule;
            var time = TimeOf(match);
            var period = PeriodOf(rule);
            var state = _keys[(rule.Id, match.Dedup)];

            if (TryJoinExistingAlert(state, time, period))
            {
                return;
            }

            var threshold = Math.Max(1, rule.Threshold);
            if (threshold == 1)
            {
                Open(state, match, time, time, count: 1);
                return;
            }

            CountTowardsThreshold(state, match, time, period, threshold);
        }

        /// <summary>Writes every alert and pending count the unit changed.</summary>
        public void Flush()
        {
            foreach (var ((ruleId, dedup), state) in _keys)
            {
                foreach (var alert in state.Alerts.Where(a => a.Changed))
                {
                    Execute(
                        "UPDATE alerts SET count = $count, first_seen = $firstSeen, last_seen = $lastSeen WHERE alert_id = $id;",
                        ("$count", alert.Count),
                        ("$firstSeen", alert.FirstSeen),
                        ("$lastSeen", alert.LastSeen),
                        ("$id", alert.AlertId));
                }

                if (!state.PendingChanged)
                {
                    continue;
                }

                if (state.Pending is var (start, count))
                {
                    Execute(
                        """
                        INSERT INTO threshold_counts (rule_id, dedup, window_start, count) VALUES ($rule, $dedup, $start, $count)
                        ON CONFLICT (rule_id, dedup) DO UPDATE SET window_start = excluded.window_start, count = excluded.count;
                        """,
                        ("$rule", ruleId),
                        ("$dedup", dedup),
                        ("$start", start),
                        ("$count", count));
                }
                else if (state.HadPending)
                {
                    Execute(
                        "DELETE FROM threshold_counts WHERE rule_id = $rule AND dedup = $dedup;",
                        ("$rule", ruleId),
                        ("$dedup", dedup));
                }
            }
        }

        private static bool TryJoinExistingAlert(KeyState state, long time, long period)
        {
            // The window that started at or before this match: the normal, in-order case.
            AlertState? before = null, after = null;
            foreach (var alert in state.Alerts)
            {
                if (alert.FirstSeen <= time)
                {
                    if (before is null || alert.FirstSeen > before.FirstSeen)
                    {
                        before = alert;
                    }
                }
                else if (after is null || alert.FirstSeen < after.FirstSeen)
                {
                    after = alert;
                }
            }

            if (before is not null && time < before.FirstSeen + period)
            {
                before.Count++;
                before.LastSeen = Math.Max(before.LastSeen, time);
                before.Changed = true;
                return true;
            }

            // A late arrival just before an alert's window: same incident, seen out of order.
            if (after is not null && after.FirstSeen - time < period)
            {
                after.Count++;
                after.FirstSeen = time;
                after.Changed = true;
                return true;
            }

            return false;
        }

        private void CountTowardsThreshold(KeyState state, RuleMatch match, long time, long period, int threshold)
        {
            long windowStart = time;
            long count = 1;

            // Matches up to one period either side of the window start count together (late files arrive out of
            // order); anything further away starts a fresh window.
            if (state.Pending is var (pendingStart, pendingCount) && time < pendingStart + period && time > pendingStart - period)
            {
                windowStart = Math.Min(pendingStart, time);
                count = pendingCount + 1;
            }

            state.PendingChanged = true;
            if (count >= threshold)
            {
                state.Pending = null;
                Open(state, match, windowStart, time, count);
                return;
            }

            state.Pending = (windowStart, count);
        }

        private void Open(KeyState state, RuleMatch match, long firstSeen, long lastSeen, long count)
        {
            var alert = Alert.FromMatch(
                match,
                // Version 7 GUIDs sort by creation time, which keeps ids roughly in alert order.
                Guid.CreateVersion7(now).ToString("N"),
                UnixTime.FromMs(firstSeen),
                UnixTime.FromMs(Math.Max(firstSeen, lastSeen)),
                count);

            Execute(
                """
                INSERT INTO alerts (alert_id, rule_id, dedup, title, severity, log_type, event_time, alert_context, event,
                                    first_seen, last_seen, count, dedup_period_minutes, tags, description, runbook)
                VALUES ($id, $rule, $dedup, $title, $severity, $logType, $eventTime, $context, $event,
                        $firstSeen, $lastSeen, $count, $period, $tags, $description, $runbook);
                """,
                ("$id", alert.AlertId),
                ("$rule", alert.RuleId),
                ("$dedup", alert.Dedup),
                ("$title", alert.Title),
                ("$severity", (int)alert.Severity),
                ("$logType", alert.LogType),
                ("$eventTime", UnixTime.ToDb(alert.EventTime)),
                ("$context", (object?)alert.AlertContextJson ?? DBNull.Value),
                ("$event", alert.EventJson),
                ("$firstSeen", UnixTime.ToMs(alert.FirstSeen)),
                ("$lastSeen", UnixTime.ToMs(alert.LastSeen)),
                ("$count", alert.Count),
                ("$period", alert.DedupPeriodMinutes),
                ("$tags", AlertRows.SerializeTags(alert.Tags)),
                ("$description", alert.Description),
                ("$runbook", alert.Runbook));

            foreach (var route in routes.Where(route => route.Accepts(alert)))
            {
                Execute(
                    """
                    INSERT OR IGNORE INTO outbox (alert_id, output_name, created_at, next_attempt_at)
                    VALUES ($id, $output, $now, $now);
                    """,
                    ("$id", alert.AlertId),
                    ("$output", route.OutputName),
                    ("$now", UnixTime.ToMs(now)));
            }

            state.Alerts.Add(new AlertState(alert.AlertId, UnixTime.ToMs(alert.FirstSeen), UnixTime.ToMs(alert.LastSeen), alert.Count));
            Opened.Add(alert);
        }

        private long TimeOf(RuleMatch match) => UnixTime.ToMs(match.EventTime ?? now);

        private static long PeriodOf(RuleDescriptor rule) => Math.Max(0L, rule.DedupPeriodMinutes) * 60_000L;

        private int Execute(string sql, params (string Name, object Value)[] parameters) =>
            Command(sql, parameters).ExecuteNonQuery();

        /// <summary>The unit's command for <paramref name="sql"/>, bound to <paramref name="parameters"/>; owned by the unit.</summary>
        private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
        {
            if (_commands.TryGetValue(sql, out var cached))
            {
                foreach (var (name, value) in parameters)
                {
                    cached.Parameters[name].Value = value;
                }

                return cached;
            }

            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            _commands.Add(sql, command);
            return command;
        }

        /// <summary>One rule id + dedup string: its alerts near the unit's matches and its pending threshold count.</summary>
        private sealed class KeyState
        {
            public List<AlertState> Alerts { get; } = [];

            public (long WindowStart, long Count)? Pending { get; set; }

            public bool HadPending { get; set; }

            public bool PendingChanged { get; set; }
        }

        private sealed class AlertState(string alertId, long firstSeen, long lastSeen, long count)
        {
            public string AlertId { get; } = alertId;

            public long FirstSeen { get; set; } = firstSeen;

            public long LastSeen { get; set; } = lastSeen;

            public long Count { get; set; } = count;

            public bool Changed { get; set; }
        }
    }
}

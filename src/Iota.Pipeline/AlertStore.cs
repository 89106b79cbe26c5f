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

            foreach (var match in matches)
            {
                commit.Apply(match);
            }

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
    private sealed class UnitCommit(
        SqliteConnection connection,
        SqliteTransaction transaction,
        IReadOnlyList<OutputRoute> routes,
        DateTimeOffset now) : IDisposable
    {
        // A unit runs the same few statements once or more per match (a threshold rule matches thousands of
        // events in a busy file); each is prepared once per unit and re-bound instead of re-parsed every time.
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

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

        public void Apply(RuleMatch match)
        {
            var rule = match.Rule;
            var time = UnixTime.ToMs(match.EventTime ?? now);
            var period = Math.Max(0L, rule.DedupPeriodMinutes) * 60_000L;

            if (TryJoinExistingAlert(rule.Id, match.Dedup, time, period))
            {
                return;
            }

            var threshold = Math.Max(1, rule.Threshold);
            if (threshold == 1)
            {
                Open(match, time, time, count: 1);
                return;
            }

            CountTowardsThreshold(match, time, period, threshold);
        }

        private bool TryJoinExistingAlert(string ruleId, string dedup, long time, long period)
        {
            // The window that started at or before this match: the normal, in-order case.
            var (alertId, firstSeen) = FindAlert(
                "first_seen <= $t ORDER BY first_seen DESC", ruleId, dedup, time);
            if (alertId is not null && time < firstSeen + period)
            {
                Execute(
                    "UPDATE alerts SET count = count + 1, last_seen = MAX(last_seen, $t) WHERE alert_id = $id;",
                    ("$t", time),
                    ("$id", alertId));
                return true;
            }

            // A late arrival just before an alert's window: same incident, seen out of order.
            (alertId, firstSeen) = FindAlert("first_seen > $t ORDER BY first_seen ASC", ruleId, dedup, time);
            if (alertId is not null && firstSeen - time < period)
            {
                Execute(
                    "UPDATE alerts SET count = count + 1, first_seen = $t WHERE alert_id = $id;",
                    ("$t", time),
                    ("$id", alertId));
                return true;
            }

            return false;
        }

        private void CountTowardsThreshold(RuleMatch match, long time, long period, int threshold)
        {
            var rule = match.Rule;
            long windowStart = time;
            long count = 1;
            using (var reader = Command(
                "SELECT window_start, count FROM threshold_counts WHERE rule_id = $rule AND dedup = $dedup;",
                ("$rule", rule.Id),
                ("$dedup", match.Dedup)).ExecuteReader())
            {
                // Matches up to one period either side of the window start count together (late files
                // arrive out of order); anything further away starts a fresh window.
                if (reader.Read())
                {
                    var pendingStart = reader.GetInt64(0);
                    if (time < pendingStart + period && time > pendingStart - period)
                    {
                        windowStart = Math.Min(pendingStart, time);
                        count = reader.GetInt64(1) + 1;
                    }
                }
            }

            if (count >= threshold)
            {
                Execute(
                    "DELETE FROM threshold_counts WHERE rule_id = $rule AND dedup = $dedup;",
                    ("$rule", rule.Id),
                    ("$dedup", match.Dedup));
                Open(match, windowStart, time, count);
                return;
            }

            Execute(
                """
                INSERT INTO threshold_counts (rule_id, dedup, window_start, count) VALUES ($rule, $dedup, $start, $count)
                ON CONFLICT (rule_id, dedup) DO UPDATE SET window_start = excluded.window_start, count = excluded.count;
                """,
                ("$rule", rule.Id),
                ("$dedup", match.Dedup),
                ("$start", windowStart),
                ("$count", count));
        }

        private void Open(RuleMatch match, long firstSeen, long lastSeen, long count)
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

            Opened.Add(alert);
        }

        private (string? AlertId, long FirstSeen) FindAlert(string condition, string ruleId, string dedup, long time)
        {
            using var reader = Command(
                $"SELECT alert_id, first_seen FROM alerts WHERE rule_id = $rule AND dedup = $dedup AND {condition} LIMIT 1;",
                ("$rule", ruleId),
                ("$dedup", dedup),
                ("$t", time)).ExecuteReader();
            return reader.Read() ? (reader.GetString(0), reader.GetInt64(1)) : (null, 0);
        }

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
    }
}

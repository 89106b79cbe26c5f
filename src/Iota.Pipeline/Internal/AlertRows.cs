using System.Text.Json;
using Iota.Pipeline.State.Internal;
using Iota.Sdk;
using Microsoft.Data.Sqlite;

namespace Iota.Pipeline.Internal;

/// <summary>Reads <see cref="Alert"/> records out of the <c>alerts</c> table; shared by the store and the forwarder.</summary>
internal static class AlertRows
{
    private const string Columns =
        "alert_id, rule_id, dedup, title, severity, log_type, event_time, alert_context, event, first_seen, " +
        "last_seen, count, dedup_period_minutes, tags, description, runbook";

    /// <summary>Alerts matching <paramref name="where"/> (SQL over the alerts columns, may be empty), newest first.</summary>
    public static List<Alert> Select(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string where,
        params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM alerts {where} ORDER BY first_seen DESC, alert_id DESC;";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var alerts = new List<Alert>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            alerts.Add(Read(reader));
        }

        return alerts;
    }

    public static Alert? Find(SqliteConnection connection, SqliteTransaction? transaction, string alertId) =>
        Select(connection, transaction, "WHERE alert_id = $id", ("$id", alertId)).FirstOrDefault();

    public static string SerializeTags(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags, StateJsonContext.Default.IReadOnlyListString);

    private static Alert Read(SqliteDataReader reader) => new()
    {
        AlertId = reader.GetString(0),
        RuleId = reader.GetString(1),
        Dedup = reader.GetString(2),
        Title = reader.GetString(3),
        Severity = (Severity)reader.GetInt32(4),
        LogType = reader.GetString(5),
        EventTime = reader.IsDBNull(6) ? null : UnixTime.FromMs(reader.GetInt64(6)),
        AlertContextJson = reader.IsDBNull(7) ? null : reader.GetString(7),
        EventJson = reader.GetString(8),
        FirstSeen = UnixTime.FromMs(reader.GetInt64(9)),
        LastSeen = UnixTime.FromMs(reader.GetInt64(10)),
        Count = reader.GetInt64(11),
        DedupPeriodMinutes = reader.GetInt32(12),
        Tags = JsonSerializer.Deserialize(reader.GetString(13), StateJsonContext.Default.IReadOnlyListString) ?? [],
        Description = reader.GetString(14),
        Runbook = reader.GetString(15),
    };
}

using Iota.Pipeline.State;
using Microsoft.Data.Sqlite;

namespace Iota.Pipeline.Internal;

/// <summary>The outbox table: one row per alert per output until that output has it.</summary>
internal sealed class Outbox(StateDatabase database)
{
    /// <summary>
    /// Up to <paramref name="limit"/> rows for <paramref name="outputName"/> after <paramref name="afterId"/>, oldest
    /// first. With <paramref name="dueBy"/> only rows whose next attempt is due by then; without, all of them.
    /// </summary>
    public List<OutboxEntry> Next(string outputName, long afterId, long? dueBy, int limit) => database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT outbox_id, alert_id, attempts FROM outbox
            WHERE output_name = $output AND outbox_id > $after AND ($due IS NULL OR next_attempt_at <= $due)
            ORDER BY outbox_id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$output", outputName);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$due", (object?)dueBy ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<OutboxEntry>();
        while (reader.Read())
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return entries;
    });

    public Alert? FindAlert(string alertId) => database.Use(connection => AlertRows.Find(connection, null, alertId));

    /// <summary>
    /// Records a delivery. Its commit does not wait for the disk: one wait per alert delivered was more than half of a
    /// run's disk waits (292 of 520 on the 1M-event corpus), and a power loss that undoes it only sends the alert again,
    /// with the same alert id, as a crash between delivering and recording already does.
    /// </summary>
    public void Remove(long outboxId) => database.UseUnsynced(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM outbox WHERE outbox_id = $id;";
        command.Parameters.AddWithValue("$id", outboxId);
        return command.ExecuteNonQuery();
    });

    public void RecordFailure(long outboxId, string error, long nextAttemptAt) => Execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $error, next_attempt_at = $next WHERE outbox_id = $id;",
        command =>
        {
            command.Parameters.AddWithValue("$id", outboxId);
            command.Parameters.AddWithValue("$error", error);
            command.Parameters.AddWithValue("$next", nextAttemptAt);
        });

    public int Count(string outputName) => database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE output_name = $output;";
        command.Parameters.AddWithValue("$output", outputName);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });

    private void Execute(string sql, Action<SqliteCommand> bind) => database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return command.ExecuteNonQuery();
    });
}

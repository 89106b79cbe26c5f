using Microsoft.Data.Sqlite;

namespace Iota.Pipeline.State.Internal;

/// <summary>
/// The state schema as an ordered list of migrations. <c>PRAGMA user_version</c> records how many have run;
/// opening a database runs the rest, each in its own transaction together with the version bump, so a crash
/// mid-migration leaves the previous version intact. Never edit a shipped migration; append a new one.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] Migrations =
    [
        // 1: everything the first release keeps. Times are Unix milliseconds (UTC) so windows compare as
        // integers and sort correctly.
        """
        CREATE TABLE alerts (
            alert_id             TEXT    NOT NULL PRIMARY KEY,
            rule_id              TEXT    NOT NULL,
            dedup                TEXT    NOT NULL,
            title                TEXT    NOT NULL,
            severity             INTEGER NOT NULL,
            log_type             TEXT    NOT NULL,
            event_time           INTEGER NULL,
            alert_context        TEXT    NULL,
            event                TEXT    NOT NULL,
            first_seen           INTEGER NOT NULL,
            last_seen            INTEGER NOT NULL,
            count                INTEGER NOT NULL,
            dedup_period_minutes INTEGER NOT NULL,
            tags                 TEXT    NOT NULL,
            description          TEXT    NOT NULL,
            runbook              TEXT    NOT NULL
        );
        CREATE INDEX alerts_by_key ON alerts (rule_id, dedup, first_seen);
        CREATE INDEX alerts_by_last_seen ON alerts (last_seen);

        CREATE TABLE threshold_counts (
            rule_id      TEXT    NOT NULL,
            dedup        TEXT    NOT NULL,
            window_start INTEGER NOT NULL,
            count        INTEGER NOT NULL,
            PRIMARY KEY (rule_id, dedup)
        );

        CREATE TABLE outbox (
            outbox_id       INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            alert_id        TEXT    NOT NULL REFERENCES alerts (alert_id),
            output_name     TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error      TEXT    NULL,
            UNIQUE (alert_id, output_name)
        );
        CREATE INDEX outbox_by_output ON outbox (output_name, next_attempt_at);

        CREATE TABLE processed_units (
            unit_key     TEXT    NOT NULL PRIMARY KEY,
            committed_at INTEGER NOT NULL
        );

        CREATE TABLE s3_positions (
            bucket     TEXT    NOT NULL,
            prefix     TEXT    NOT NULL,
            account_id TEXT    NOT NULL,
            region     TEXT    NOT NULL,
            last_key   TEXT    NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (bucket, prefix, account_id, region)
        );

        CREATE TABLE s3_processed_objects (
            bucket       TEXT    NOT NULL,
            object_key   TEXT    NOT NULL,
            etag         TEXT    NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (bucket, object_key, etag)
        );

        CREATE TABLE integrations (
            label           TEXT    NOT NULL PRIMARY KEY,
            account_id      TEXT    NOT NULL,
            bucket          TEXT    NOT NULL,
            prefix          TEXT    NOT NULL,
            role_arn        TEXT    NULL,
            enabled         INTEGER NOT NULL,
            last_event_time INTEGER NULL,
            status          TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
            created_at      INTEGER NOT NULL
        );
        """,
    ];

    /// <summary>The version a fully migrated database is at.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Runs the migrations the database has not had yet; returns the resulting version.</summary>
    public static int Apply(SqliteConnection connection)
    {
        var version = ReadVersion(connection);
        if (version > Migrations.Length)
        {
            throw new StateUnavailableException(
                $"the state database {connection.DataSource} is at schema version {version}, newer than this iota " +
                $"understands ({Migrations.Length}); upgrade iota, or point --state at a different directory");
        }

        for (var next = version; next < Migrations.Length; next++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // PRAGMA does not take parameters; the value is our own integer.
            command.CommandText = Migrations[next] + $"\nPRAGMA user_version = {next + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }

        return Migrations.Length;
    }

    private static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Text.RegularExpressions;
using Iota.Pipeline.State.Internal;
using Microsoft.Data.Sqlite;

namespace Iota.Pipeline.State;

/// <summary>The integrations table: which accounts and buckets iota reads, and how recently each delivered.</summary>
public sealed partial class IntegrationStore
{
    private const string Columns = "label, account_id, bucket, prefix, role_arn, enabled, last_event_time, status";

    private readonly StateDatabase _database;

    /// <summary>Creates a store over <paramref name="database"/>.</summary>
    public IntegrationStore(StateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Adds <paramref name="integration"/>.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the message says which and what is expected.</exception>
    /// <exception cref="InvalidOperationException">An integration with the same label exists.</exception>
    public void Add(Integration integration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(integration);
        Validate(integration);
        _database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                $"INSERT OR IGNORE INTO integrations ({Columns}, created_at) " +
                "VALUES ($label, $account, $bucket, $prefix, $role, $enabled, $lastEvent, $status, $now);";
            command.Parameters.AddWithValue("$label", integration.Label);
            command.Parameters.AddWithValue("$account", integration.AccountId);
            command.Parameters.AddWithValue("$bucket", integration.Bucket);
            command.Parameters.AddWithValue("$prefix", integration.Prefix);
            command.Parameters.AddWithValue("$role", (object?)integration.RoleArn ?? DBNull.Value);
            command.Parameters.AddWithValue("$enabled", integration.Enabled ? 1 : 0);
            command.Parameters.AddWithValue("$lastEvent", UnixTime.ToDb(integration.LastEventTime));
            command.Parameters.AddWithValue("$status", StatusText(integration.Status));
            command.Parameters.AddWithValue("$now", UnixTime.ToMs(now));
            if (command.ExecuteNonQuery() == 0)
            {
                throw new InvalidOperationException(
                    $"An integration labelled '{integration.Label}' already exists; remove it first or choose another label.");
            }

            return 0;
        });
    }

    /// <summary>All integrations, by label.</summary>
    public IReadOnlyList<Integration> List() => _database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM integrations ORDER BY label;";
        using var reader = command.ExecuteReader();
        var integrations = new List<Integration>();
        while (reader.Read())
        {
            integrations.Add(Read(reader));
        }

        return (IReadOnlyList<Integration>)integrations;
    });

    /// <summary>The integration labelled <paramref name="label"/>, or null.</summary>
    public Integration? Get(string label) => List().FirstOrDefault(i => i.Label == label);

    /// <summary>Removes the integration labelled <paramref name="label"/>; false when there was none.</summary>
    public bool Remove(string label) => Execute(
        "DELETE FROM integrations WHERE label = $label;",
        ("$label", label)) == 1;

    /// <summary>
    /// Records that events up to <paramref name="lastEventTime"/> were read from the integration and marks it
    /// active. Times only move forward, so a late old file does not make a source look stale.
    /// </summary>
    /// <returns>False when no integration has that label.</returns>
    public bool RecordEvents(string label, DateTimeOffset lastEventTime) => Execute(
        """
        UPDATE integrations
        SET last_event_time = MAX(COALESCE(last_event_time, $t), $t), status = 'ACTIVE'
        WHERE label = $label;
        """,
        ("$label", label),
        ("$t", UnixTime.ToMs(lastEventTime))) == 1;

    /// <summary>Sets the integration's status, e.g. inactive when no logs arrived for a while.</summary>
    /// <returns>False when no integration has that label.</returns>
    public bool SetStatus(string label, IntegrationStatus status) => Execute(
        "UPDATE integrations SET status = $status WHERE label = $label;",
        ("$label", label),
        ("$status", StatusText(status))) == 1;

    /// <summary>Enables or disables reading from the integration.</summary>
    /// <returns>False when no integration has that label.</returns>
    public bool SetEnabled(string label, bool enabled) => Execute(
        "UPDATE integrations SET enabled = $enabled WHERE label = $label;",
        ("$label", label),
        ("$enabled", enabled ? 1 : 0)) == 1;

    private static void Validate(Integration integration)
    {
        if (string.IsNullOrWhiteSpace(integration.Label))
        {
            throw new ArgumentException("An integration needs a non-empty label.", nameof(integration));
        }

        if (!AccountIdPattern().IsMatch(integration.AccountId))
        {
            throw new ArgumentException(
                $"Integration '{integration.Label}': account id '{integration.AccountId}' is not a 12-digit AWS account id.",
                nameof(integration));
        }

        if (string.IsNullOrWhiteSpace(integration.Bucket))
        {
            throw new ArgumentException($"Integration '{integration.Label}' needs a bucket.", nameof(integration));
        }

        if (integration.RoleArn is { } role && !RoleArnPattern().IsMatch(role))
        {
            throw new ArgumentException(
                $"Integration '{integration.Label}': role ARN '{role}' is not of the form arn:aws:iam::123456789012:role/NAME.",
                nameof(integration));
        }
    }

    private static string StatusText(IntegrationStatus status) =>
        status == IntegrationStatus.Active ? "ACTIVE" : "INACTIVE";

    private static Integration Read(SqliteDataReader reader) => new()
    {
        Label = reader.GetString(0),
        AccountId = reader.GetString(1),
        Bucket = reader.GetString(2),
        Prefix = reader.GetString(3),
        RoleArn = reader.IsDBNull(4) ? null : reader.GetString(4),
        Enabled = reader.GetInt64(5) != 0,
        LastEventTime = reader.IsDBNull(6) ? null : UnixTime.FromMs(reader.GetInt64(6)),
        Status = reader.GetString(7) == "ACTIVE" ? IntegrationStatus.Active : IntegrationStatus.Inactive,
    };

    private int Execute(string sql, params (string Name, object Value)[] parameters) => _database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    });

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$")]
    private static partial Regex RoleArnPattern();
}

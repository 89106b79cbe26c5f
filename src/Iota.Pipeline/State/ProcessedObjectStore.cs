using Iota.Pipeline.State.Internal;

namespace Iota.Pipeline.State;

/// <summary>
/// What an S3 poller has already read: each processed object (key + ETag, so a rewritten object is read again)
/// and, per bucket/prefix/account/region, the last key listed, so the next listing can start after it.
/// </summary>
public sealed class ProcessedObjectStore
{
    private readonly StateDatabase _database;

    /// <summary>Creates a store over <paramref name="database"/>.</summary>
    public ProcessedObjectStore(StateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>True when this exact version of the object (key and ETag) has been processed.</summary>
    public bool IsProcessed(string bucket, string key, string etag) => _database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT 1 FROM s3_processed_objects WHERE bucket = $bucket AND object_key = $key AND etag = $etag;";
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$etag", NormaliseEtag(etag));
        return command.ExecuteScalar() is not null;
    });

    /// <summary>Records the object as processed; recording it again is harmless.</summary>
    public void MarkProcessed(string bucket, string key, string etag, DateTimeOffset now) => _database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT OR IGNORE INTO s3_processed_objects (bucket, object_key, etag, processed_at) VALUES ($bucket, $key, $etag, $now);";
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$etag", NormaliseEtag(etag));
        command.Parameters.AddWithValue("$now", UnixTime.ToMs(now));
        return command.ExecuteNonQuery();
    });

    /// <summary>The last key listed for this position, or null before the first listing.</summary>
    public string? GetLastKey(string bucket, string prefix, string accountId, string region) => _database.Use(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT last_key FROM s3_positions WHERE bucket = $bucket AND prefix = $prefix AND account_id = $account AND region = $region;";
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$region", region);
        return command.ExecuteScalar() as string;
    });

    /// <summary>
    /// Moves the position to <paramref name="lastKey"/>. Positions only move forward (in S3's UTF-8 binary key
    /// order), so a slower poller finishing late cannot rewind one that got further.
    /// </summary>
    public void SetLastKey(string bucket, string prefix, string accountId, string region, string lastKey, DateTimeOffset now) =>
        _database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                """
                INSERT INTO s3_positions (bucket, prefix, account_id, region, last_key, updated_at)
                VALUES ($bucket, $prefix, $account, $region, $key, $now)
                ON CONFLICT (bucket, prefix, account_id, region) DO UPDATE
                SET last_key = excluded.last_key, updated_at = excluded.updated_at
                WHERE excluded.last_key > s3_positions.last_key;
                """;
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$prefix", prefix);
            command.Parameters.AddWithValue("$account", accountId);
            command.Parameters.AddWithValue("$region", region);
            command.Parameters.AddWithValue("$key", lastKey);
            command.Parameters.AddWithValue("$now", UnixTime.ToMs(now));
            return command.ExecuteNonQuery();
        });

    // S3 reports ETags quoted in some APIs and bare in others (event notifications); compare them bare.
    private static string NormaliseEtag(string etag) => etag.Trim('"');
}

using Iota.Pipeline.State.Internal;
using Microsoft.Data.Sqlite;

namespace Iota.Pipeline.State;

/// <summary>
/// The engine's durable state: alerts, threshold counters, the delivery outbox, processed units and S3 keys,
/// and integrations, in one SQLite database (<c>state.db</c>) inside a state directory.
/// </summary>
/// <remarks>
/// Without a state directory the database lives in memory, so <c>iota run</c> without <c>--state</c> still
/// deduplicates within the run and forgets everything when it ends.
/// <para>
/// The file database runs in WAL mode with a busy timeout, so a reader such as <c>iota alerts list</c> can work
/// alongside a running engine, and a process killed mid-write leaves a database that reopens at the last
/// committed transaction. Within one process all access goes through a single connection guarded by a lock:
/// SQLite serialises writers anyway, and one connection keeps the in-memory database alive and shared.
/// </para>
/// </remarks>
public sealed class StateDatabase : IDisposable
{
    /// <summary>The file name of the database inside a state directory.</summary>
    public const string FileName = "state.db";

    private static readonly Lock InitLock = new();
    private static bool _sqliteInitialised;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    private StateDatabase(SqliteConnection connection, string? path)
    {
        _connection = connection;
        FilePath = path;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? FilePath { get; }

    /// <summary>The schema version this database is at after opening.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Opens (creating when needed) <c>state.db</c> in <paramref name="stateDirectory"/>, or an in-memory
    /// database when <paramref name="stateDirectory"/> is null, and brings its schema up to date.
    /// </summary>
    /// <exception cref="StateUnavailableException">The directory or its database cannot be used.</exception>
    public static StateDatabase Open(string? stateDirectory)
    {
        try
        {
            return OpenOrThrow(stateDirectory);
        }
        catch (Exception ex) when (stateDirectory is not null && ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw Unavailable(stateDirectory, ex);
        }
    }

    /// <summary>Creates <paramref name="stateDirectory"/> unless it exists.</summary>
    /// <exception cref="StateUnavailableException">It cannot be created, or it is a file.</exception>
    public static void CreateDirectory(string stateDirectory)
    {
        try
        {
            Directory.CreateDirectory(stateDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(stateDirectory, ex);
        }
    }

    private static StateUnavailableException Unavailable(string stateDirectory, Exception ex) =>
        new($"cannot use the state directory {Path.GetFullPath(stateDirectory)}: {Cause(stateDirectory, ex)}", ex);

    private static string Cause(string stateDirectory, Exception ex) => ex switch
    {
        IOException when File.Exists(stateDirectory) => "it is a file, not a folder",
        SqliteException { SqliteErrorCode: 11 or 26 } => $"{FileName} is damaged or not a SQLite database ({ex.Message}); move it aside to start with empty state",
        SqliteException { SqliteErrorCode: 5 or 6 } => $"{FileName} is locked by another process, such as an iota using the same --state ({ex.Message})",
        SqliteException => $"{FileName}: {ex.Message}",
        _ => ex.Message,
    };

    private static StateDatabase OpenOrThrow(string? stateDirectory)
    {
        EnsureSqliteInitialised();
        string? path = null;
        string connectionString;
        if (stateDirectory is null)
        {
            connectionString = new SqliteConnectionStringBuilder { DataSource = ":memory:" }.ToString();
        }
        else
        {
            CreateDirectory(stateDirectory);
            path = Path.GetFullPath(Path.Combine(stateDirectory, FileName));
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                // Pooling would keep the file handle open after Dispose; a state directory should be free to
                // delete or reopen as soon as its owner is done with it.
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString();
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var database = new StateDatabase(connection, path);
            database.Configure(inMemory: path is null);
            return database;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="stateDirectory"/> already holds a state database.</summary>
    public static bool Exists(string stateDirectory) => File.Exists(Path.Combine(stateDirectory, FileName));

    /// <summary>Runs <paramref name="work"/> with exclusive use of the connection.</summary>
    internal T Use<T>(Func<SqliteConnection, T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_connection);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> with its commits not waiting for the disk (<c>synchronous = NORMAL</c>, then back
    /// to FULL): they survive iota being killed, and a power loss can roll back only what was committed since the last
    /// commit that waited. Only for writes whose loss repeats work and loses nothing: the record that an alert was
    /// delivered (a rollback sends it again, with the same alert id).
    /// </summary>
    internal T UseUnsynced<T>(Func<SqliteConnection, T> work) => Use(connection =>
    {
        SetSynchronous(connection, "NORMAL");
        try
        {
            return work(connection);
        }
        finally
        {
            SetSynchronous(connection, "FULL");
        }
    });

    private static void SetSynchronous(SqliteConnection connection, string level)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {level};";
        pragma.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside one immediate transaction: all of it commits or none of it does.
    /// Immediate, so a second process that also wants to write waits for the busy timeout up front instead of
    /// failing half-way through when its read lock cannot be upgraded.
    /// </summary>
    internal T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work) => Use(connection =>
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    });

    /// <summary>
    /// Proves the database accepts writes by committing one small row (a readiness probe: a full disk, a
    /// read-only volume or a lock held elsewhere fails here, not in the middle of a unit).
    /// </summary>
    /// <exception cref="SqliteException">The database cannot be written.</exception>
    public void ProbeWrite(DateTimeOffset now) => InTransaction((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at INTEGER NOT NULL);" +
            "INSERT OR REPLACE INTO write_probe (id, probed_at) VALUES (1, $now);";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    });

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private static void EnsureSqliteInitialised()
    {
        lock (InitLock)
        {
            if (!_sqliteInitialised)
            {
                SQLitePCL.Batteries_V2.Init();
                _sqliteInitialised = true;
            }
        }
    }

    private void Configure(bool inMemory)
    {
        Use(connection =>
        {
            using (var pragma = connection.CreateCommand())
            {
                // FULL, not NORMAL: a source is acknowledged as soon as its unit commits, so a commit must
                // survive a power loss, not only a killed process.
                pragma.CommandText = inMemory
                    ? "PRAGMA foreign_keys = ON;"
                    : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";
                pragma.ExecuteNonQuery();
            }

            SchemaVersion = SchemaMigrations.Apply(connection);
            return 0;
        });
    }
}

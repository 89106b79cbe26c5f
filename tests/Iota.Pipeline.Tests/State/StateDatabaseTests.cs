using System.Diagnostics;
using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;
using static Iota.Pipeline.Tests.Support.Matches;

namespace Iota.Pipeline.Tests.State;

public sealed class StateDatabaseTests : IDisposable
{
    private static readonly string[] Stdout = ["stdout"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Opening_creates_the_directory_and_a_WAL_database_at_the_latest_schema()
    {
        var stateDir = Path.Combine(_dir.Path, "nested", ".iota");

        using (var database = StateDatabase.Open(stateDir))
        {
            Assert.Equal(Path.Combine(stateDir, "state.db"), database.FilePath);
            Assert.Equal(1, database.SchemaVersion);
        }

        Assert.True(StateDatabase.Exists(stateDir));
        Assert.Equal(1, StateQueries.Scalar(stateDir, "PRAGMA user_version;"));
        Assert.Equal(
            ["alerts", "integrations", "outbox", "processed_units", "s3_positions", "s3_processed_objects", "threshold_counts"],
            StateQueries.Strings(stateDir, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;"));
        Assert.Equal(["wal"], StateQueries.Strings(stateDir, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void A_write_probe_commits_a_row_another_connection_can_read()
    {
        var probedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_795_000_000_000);
        using (var database = StateDatabase.Open(_dir.Path))
        {
            database.ProbeWrite(probedAt.AddMinutes(-1));
            database.ProbeWrite(probedAt);
        }

        Assert.Equal(1_795_000_000_000, StateQueries.Scalar(_dir.Path, "SELECT probed_at FROM write_probe WHERE id = 1;"));
        Assert.Equal(1, StateQueries.Scalar(_dir.Path, "SELECT COUNT(*) FROM write_probe;"));
    }

    [Fact]
    public void Commits_wait_for_the_disk_except_inside_UseUnsynced_even_when_its_work_fails()
    {
        using var database = StateDatabase.Open(_dir.Path);
        static long Synchronous(Microsoft.Data.Sqlite.SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            return (long)command.ExecuteScalar()!;
        }

        const long Normal = 1, Full = 2;
        Assert.Equal(Full, database.Use(Synchronous));
        Assert.Equal(Normal, database.UseUnsynced(Synchronous));
        Assert.Equal(Full, database.Use(Synchronous));

        Assert.Throws<InvalidOperationException>(() => database.UseUnsynced<int>(_ => throw new InvalidOperationException("work failed")));
        Assert.Equal(Full, database.Use(Synchronous));
    }

    [Fact]
    public void A_write_probe_on_a_closed_database_fails()
    {
        var database = StateDatabase.Open(_dir.Path);
        database.Dispose();

        Assert.Throws<ObjectDisposedException>(() => database.ProbeWrite(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Reopening_keeps_alerts_and_does_not_migrate_again()
    {
        using (var database = StateDatabase.Open(_dir.Path))
        {
            new AlertStore(database).CommitUnit("u1", [At(Rule(), T0)], Stdout, T0);
        }

        using (var database = StateDatabase.Open(_dir.Path))
        {
            var store = new AlertStore(database);
            Assert.Single(store.List());
            Assert.True(store.IsUnitCommitted("u1"));
            Assert.Equal(1, database.SchemaVersion);
        }
    }

    [Fact]
    public void A_database_from_a_newer_iota_is_refused_with_a_clear_message()
    {
        using (StateDatabase.Open(_dir.Path))
        {
        }

        StateQueries.Scalar(_dir.Path, "PRAGMA user_version = 99; SELECT 0;");

        var error = Assert.Throws<StateUnavailableException>(() => StateDatabase.Open(_dir.Path));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_directory_that_is_a_file_or_holds_a_damaged_database_is_refused_naming_it()
    {
        string file = Path.Combine(_dir.Path, "plain-file");
        File.WriteAllText(file, "not a folder");
        string damaged = Path.Combine(_dir.Path, "damaged");
        Directory.CreateDirectory(damaged);
        File.WriteAllText(Path.Combine(damaged, StateDatabase.FileName), "this was never a SQLite database, but it is long enough to have a header");

        var notFolder = Assert.Throws<StateUnavailableException>(() => StateDatabase.Open(file));
        var notDatabase = Assert.Throws<StateUnavailableException>(() => StateDatabase.Open(damaged));
        var underFile = Assert.Throws<StateUnavailableException>(() => StateDatabase.Open(Path.Combine(file, "sub")));

        Assert.Equal($"cannot use the state directory {file}: it is a file, not a folder", notFolder.Message);
        Assert.StartsWith($"cannot use the state directory {damaged}: state.db is damaged or not a SQLite database (", notDatabase.Message, StringComparison.Ordinal);
        Assert.EndsWith("); move it aside to start with empty state", notDatabase.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot use the state directory {Path.Combine(file, "sub")}: ", underFile.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_state_directory_the_database_lives_in_memory_for_the_run()
    {
        using (var database = StateDatabase.Open(stateDirectory: null))
        {
            Assert.Null(database.FilePath);
            var store = new AlertStore(database);
            store.CommitUnit("u1", [At(Rule(), T0)], Stdout, T0);
            Assert.Empty(store.CommitUnit("u2", [At(Rule(), T0.AddMinutes(1))], Stdout, T0));
            Assert.Equal(2, Assert.Single(store.List()).Count);
        }

        using var fresh = StateDatabase.Open(stateDirectory: null);
        Assert.Empty(new AlertStore(fresh).List());
    }

    [Fact]
    public void A_process_killed_inside_a_write_leaves_a_database_that_reopens_at_its_last_commit()
    {
        using (var database = StateDatabase.Open(_dir.Path))
        {
            new AlertStore(database).CommitUnit("committed", [At(Rule(), T0)], Stdout, T0);
        }

        // A separate process opens the same file, writes thousands of rows inside one transaction (a tiny page
        // cache makes them spill into the WAL before commit), says so, and is killed before it commits: the
        // state of a crash mid-unit.
        var script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA cache_size=1")
            db.execute("BEGIN IMMEDIATE")
            for i in range(5000):
                db.execute("INSERT INTO processed_units (unit_key, committed_at) VALUES (?, 0)", (f"doomed-{i}",))
            print("written", flush=True)
            sys.stdin.read()
            """;
        using var child = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", script, Path.Combine(_dir.Path, "state.db") },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Assert.Equal("written", child.StandardOutput.ReadLine());
        Assert.True(new FileInfo(Path.Combine(_dir.Path, "state.db-wal")).Length > 0);
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        using (var reopened = StateDatabase.Open(_dir.Path))
        {
            var store = new AlertStore(reopened);
            Assert.True(store.IsUnitCommitted("committed"));
            Assert.False(store.IsUnitCommitted("doomed-0"));
            Assert.Single(store.CommitUnit("after-crash", [At(Rule("Other"), T0)], Stdout, T0));
        }

        Assert.Equal(["ok"], StateQueries.Strings(_dir.Path, "PRAGMA integrity_check;"));
        Assert.Equal(2, StateQueries.Scalar(_dir.Path, "SELECT COUNT(*) FROM processed_units;"));
    }
}

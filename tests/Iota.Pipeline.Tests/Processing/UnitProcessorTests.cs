using Iota.Engine;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;
using static Iota.Pipeline.Tests.Support.LogFiles;

namespace Iota.Pipeline.Tests.Processing;

/// <summary>
/// One unit of work end to end with a real compiled rule: duplicates across units are dropped, a unit
/// processed twice opens no second alert.
/// </summary>
public sealed class UnitProcessorTests : IDisposable
{
    private readonly TempDirectory _rules = new();
    private readonly TempDirectory _state = new();
    private readonly TempDirectory _logs = new();
    private readonly StateDatabase _database;
    private readonly EventFilter _filter;
    private readonly RuleEngine _engine;
    private readonly UnitProcessor _processor;

    public UnitProcessorTests()
    {
        _engine = new RuleEngine(CsxRules.Load(_rules.Path, "console-login.csx", CsxRules.ConsoleLoginRule));
        _database = StateDatabase.Open(_state.Path);
        _filter = EventFilter.Open(_state.Path, 10_000);
        _processor = new UnitProcessor(_engine, _filter, new AlertStore(_database), [OutputRoute.All("stdout")]);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _filter.Dispose();
        _database.Dispose();
        _rules.Dispose();
        _state.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public void A_unit_runs_the_rule_and_opens_an_alert_per_dedup_string()
    {
        UnitOutcome outcome = Process("a.json", Records([Record(1, "ConsoleLogin"), Record(2, "GetObject"), Record(3, "ConsoleLogin")]));

        Assert.Equal(3, outcome.Events);
        Assert.Equal(0, outcome.Duplicates);
        Assert.Equal(2, outcome.Matches.Count);
        Assert.All(outcome.Matches, m => Assert.Equal("Test.ConsoleLogin", m.Rule.Id));
        Assert.Equal(["Console login by user1", "Console login by user3"], outcome.Alerts.Select(a => a.Title).Order());
    }

    [Fact]
    public void Events_seen_in_an_earlier_unit_are_dropped_as_duplicates()
    {
        UnitOutcome first = Process("first.json", Records([Record(1, "ConsoleLogin"), Record(2, "GetObject")]));
        UnitOutcome second = Process("second.json.gz", Gzip(Records([Record(1, "ConsoleLogin"), Record(2, "GetObject")])));

        Assert.Single(first.Alerts);
        Assert.Equal(2, second.Events);
        Assert.Equal(2, second.Duplicates);
        Assert.Empty(second.Matches);
        Assert.Empty(second.Alerts);
    }

    [Fact]
    public void The_same_unit_key_committed_twice_opens_no_second_alert()
    {
        using var batch = new EventBatch();
        batch.LoadFile(Write(_logs.Path, "unit.json", Records([Record(7, "ConsoleLogin")])));
        UnitOutcome first = _processor.Process(batch, "unit-1", Loaded);

        // A crash after the commit but before the filter was saved: the same unit comes back with unseen events.
        using EventFilter forgetful = EventFilter.Open(null, 10_000);
        var retry = new UnitProcessor(_engine, forgetful, new AlertStore(_database), [OutputRoute.All("stdout")]);
        UnitOutcome second = retry.Process(batch, "unit-1", Loaded);

        Assert.Single(first.Alerts);
        Assert.Single(second.Matches);
        Assert.Empty(second.Alerts);
        Assert.Single(new AlertStore(_database).List());
    }

    [Fact]
    public async Task The_same_unit_delivered_twice_at_once_opens_its_alerts_once_and_loses_none()
    {
        // A queue message delivered again while its first delivery is still processing the object. The first
        // delivery holds its events' claims (the first 64 are claimed while the file is indexed) when it pauses.
        string path = Write(_logs.Path, "twice.json", Records(Enumerable.Range(0, EventBatch.ChunkSize).Select(i => Record(i, "ConsoleLogin"))));
        using var firstPaused = new ManualResetEventSlim();
        using var resumeFirst = new ManualResetEventSlim();
        using var firstBatch = new EventBatch();
        using var secondBatch = new EventBatch();
        Task<UnitOutcome> first = Task.Run(() => _processor.Process(firstBatch, "s3://bucket/twice.json", b =>
        {
            b.LoadFile(path);
            firstPaused.Set();
            resumeFirst.Wait();
        }));
        Assert.True(firstPaused.Wait(TimeSpan.FromSeconds(30)));

        Task<UnitOutcome> second = Task.Run(() => _processor.Process(secondBatch, "s3://bucket/twice.json", b => b.LoadFile(path)));

        // The second delivery must wait for the first: if it did not, it would be done well within this time.
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.False(second.IsCompleted);
        resumeFirst.Set();
        UnitOutcome[] outcomes = await Task.WhenAll(first, second);

        Assert.Equal(EventBatch.ChunkSize, outcomes[0].Alerts.Count);
        Assert.Equal(EventBatch.ChunkSize, outcomes[1].Duplicates);
        Assert.Empty(outcomes[1].Alerts);
        Assert.Equal(EventBatch.ChunkSize, new AlertStore(_database).List().Count);
    }

    [Fact]
    public void With_an_alert_store_only_matches_that_open_an_alert_keep_their_context_and_event()
    {
        // Two logins by the same user in one file: the first opens the alert, the second joins it. Only the first
        // needed its alert context and event copy; the second's were never computed and cannot be any more.
        UnitOutcome outcome = Process("a.json", Records([
            Record(1, "ConsoleLogin"), Record(2, "ConsoleLogin").Replace("\"user2\"", "\"user1\"", StringComparison.Ordinal)]));

        Alert alert = Assert.Single(outcome.Alerts);
        Assert.Equal(2, outcome.Matches.Count);
        RuleMatch opening = outcome.Matches[0];
        Assert.True(opening.HasDetails);
        Assert.Contains(EventId(1), alert.EventJson, StringComparison.Ordinal);
        Assert.Equal(alert.EventJson, System.Text.Encoding.UTF8.GetString(opening.EventUtf8.Span));
        Assert.False(outcome.Matches[1].HasDetails);
        Assert.Throws<InvalidOperationException>(() => outcome.Matches[1].EventUtf8);
        Assert.Equal(2, Assert.Single(new AlertStore(_database).List()).Count);
    }

    [Fact]
    public void Rules_run_while_the_file_is_indexed_with_the_same_outcome_as_after_it()
    {
        // 300 records (several chunks): logins every seventh record, and the first record repeated near the end, so
        // a duplicate inside one unit falls in a later chunk than its first occurrence.
        string[] records = [.. Enumerable.Range(0, 300).Select(i => Record(i, i % 7 == 0 ? "ConsoleLogin" : "GetObject")), Record(0, "ConsoleLogin")];
        string path = Write(_logs.Path, "big.json", Records(records));

        using var streamed = new EventBatch();
        UnitOutcome whileIndexing = _processor.Process(streamed, "streamed", b => b.LoadFile(path));

        using TempDirectory otherState = new();
        using StateDatabase otherDatabase = StateDatabase.Open(otherState.Path);
        using EventFilter otherFilter = EventFilter.Open(otherState.Path, 10_000);
        var afterwards = new UnitProcessor(_engine, otherFilter, new AlertStore(otherDatabase), [OutputRoute.All("stdout")]);
        using var loaded = new EventBatch();
        loaded.LoadFile(path);
        UnitOutcome afterIndexing = afterwards.Process(loaded, "loaded", Loaded);

        Assert.Equal(301, whileIndexing.Events);
        Assert.Equal(1, whileIndexing.Duplicates);
        Assert.Equal(43, whileIndexing.Matches.Count);
        Assert.Equal((afterIndexing.Events, afterIndexing.Duplicates), (whileIndexing.Events, whileIndexing.Duplicates));
        Assert.Equal(afterIndexing.Matches.Select(m => m.Title), whileIndexing.Matches.Select(m => m.Title));
        Assert.Equal(afterIndexing.Alerts.Select(a => a.Title), whileIndexing.Alerts.Select(a => a.Title));

        // Every new event was remembered once the unit committed: the same file again is all duplicates.
        using var again = new EventBatch();
        Assert.Equal(301, _processor.Process(again, "again", b => b.LoadFile(path)).Duplicates);
    }

    [Fact]
    public void A_unit_that_fails_while_indexing_releases_the_events_it_had_claimed()
    {
        string path = Write(_logs.Path, "fails.json", Records(200));
        using var batch = new EventBatch();

        Assert.Throws<IOException>(() => _processor.Process(batch, "fails", b =>
        {
            b.LoadFile(path);
            throw new IOException("the disk went away after the events were claimed");
        }));

        // A retry of the same unit (or another unit with these events) sees them as new, not as claimed elsewhere.
        UnitOutcome retry = _processor.Process(batch, "fails", b => b.LoadFile(path));
        Assert.Equal(200, retry.Events);
        Assert.Equal(0, retry.Duplicates);
    }

    [Fact]
    public void Without_an_alert_store_matches_are_reported_and_nothing_is_remembered()
    {
        using EventFilter filter = EventFilter.Open(null, 10_000);
        var matchesOnly = new UnitProcessor(_engine, filter, alerts: null, []);
        using var batch = new EventBatch();
        batch.LoadFile(Write(_logs.Path, "m.json", Records([Record(1, "ConsoleLogin")])));

        UnitOutcome first = matchesOnly.Process(batch, "m", Loaded);
        UnitOutcome again = matchesOnly.Process(batch, "m", Loaded);

        Assert.Single(first.Matches);
        Assert.Empty(first.Alerts);
        Assert.Single(again.Matches);
        Assert.Equal(0, again.Duplicates);
    }

    // For a batch loaded beforehand: nothing more to load, so its events reach the rules all at once.
    private static void Loaded(EventBatch batch)
    {
    }

    private UnitOutcome Process(string name, string content) => Process(name, System.Text.Encoding.UTF8.GetBytes(content));

    private UnitOutcome Process(string name, byte[] content)
    {
        string path = Write(_logs.Path, name, content);
        using var batch = new EventBatch();
        UnitOutcome outcome = _processor.Process(batch, FileRunner.UnitKey(path), b => b.LoadFile(path));
        Assert.Empty(batch.Errors);
        return outcome;
    }
}

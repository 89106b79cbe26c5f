using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;
using Iota.Sdk;
using static Iota.Pipeline.Tests.Support.Matches;

namespace Iota.Pipeline.Tests.Alerts;

public sealed class AlertStoreTests : IDisposable
{
    private static readonly string[] Stdout = ["stdout"];

    private readonly TempDirectory _dir = new();
    private readonly StateDatabase _database;
    private readonly AlertStore _store;
    private int _unit;

    public AlertStoreTests()
    {
        _database = StateDatabase.Open(_dir.Path);
        _store = new AlertStore(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_first_match_opens_an_alert_with_the_event_and_its_context()
    {
        var opened = Commit(At(Rule(), T0));

        var alert = Assert.Single(opened);
        Assert.Equal("AWS.Root.Login", alert.RuleId);
        Assert.Equal(Severity.High, alert.Severity);
        Assert.Equal(1, alert.Count);
        Assert.Equal(T0, alert.FirstSeen);
        Assert.Equal(T0, alert.LastSeen);
        Assert.Contains("\"eventID\":\"e1\"", alert.EventJson, StringComparison.Ordinal);
        Assert.Equal(alert, Assert.Single(_store.List()) with { Tags = alert.Tags });
    }

    [Fact]
    public void A_match_one_second_before_the_window_ends_increments_the_alert()
    {
        var rule = Rule(dedupMinutes: 60);
        var first = Assert.Single(Commit(At(rule, T0)));

        var opened = Commit(At(rule, T0.AddMinutes(60).AddSeconds(-1)));

        Assert.Empty(opened);
        var stored = Assert.Single(_store.List());
        Assert.Equal(first.AlertId, stored.AlertId);
        Assert.Equal(2, stored.Count);
        Assert.Equal(T0, stored.FirstSeen);
        Assert.Equal(T0.AddMinutes(60).AddSeconds(-1), stored.LastSeen);
    }

    [Fact]
    public void A_match_exactly_at_the_window_end_opens_a_new_alert()
    {
        var rule = Rule(dedupMinutes: 60);
        var first = Assert.Single(Commit(At(rule, T0)));

        var second = Assert.Single(Commit(At(rule, T0.AddMinutes(60))));

        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Equal(T0.AddMinutes(60), second.FirstSeen);
        Assert.All(_store.List(), alert => Assert.Equal(1, alert.Count));
    }

    [Fact]
    public void Different_dedup_strings_are_different_alerts()
    {
        var rule = Rule();

        Assert.Single(Commit(At(rule, T0, dedup: "alice")));
        Assert.Single(Commit(At(rule, T0, dedup: "bob")));

        Assert.Equal(2, _store.List().Count);
    }

    [Fact]
    public void Matches_without_an_event_time_use_the_commit_time()
    {
        var rule = Rule();

        var alert = Assert.Single(_store.CommitUnit("u1", [At(rule, eventTime: null)], Stdout, T0));
        Assert.Empty(_store.CommitUnit("u2", [At(rule, eventTime: null)], Stdout, T0.AddMinutes(59)));
        Assert.Single(_store.CommitUnit("u3", [At(rule, eventTime: null)], Stdout, T0.AddMinutes(60)));

        Assert.Equal(T0, alert.FirstSeen);
    }

    [Fact]
    public void The_same_event_in_two_files_gives_one_alert_whose_count_grows()
    {
        var rule = Rule();

        var opened = _store.CommitUnit("s3://logs/a.json.gz", [At(rule, T0)], Stdout, T0);
        var again = _store.CommitUnit("s3://logs/b.json.gz", [At(rule, T0)], Stdout, T0);

        Assert.Single(opened);
        Assert.Empty(again);
        Assert.Equal(2, Assert.Single(_store.List()).Count);
    }

    [Fact]
    public void Committing_the_same_unit_twice_changes_nothing()
    {
        var rule = Rule();

        var opened = _store.CommitUnit("unit-1", [At(rule, T0), At(rule, T0.AddMinutes(1))], Stdout, T0);
        var replay = _store.CommitUnit("unit-1", [At(rule, T0), At(rule, T0.AddMinutes(1))], Stdout, T0);

        Assert.Single(opened);
        Assert.Empty(replay);
        Assert.True(_store.IsUnitCommitted("unit-1"));
        Assert.Equal(2, Assert.Single(_store.List()).Count);
        Assert.Equal(1, OutboxRows());
    }

    [Fact]
    public void Threshold_minus_one_matches_in_a_window_open_no_alert()
    {
        var rule = Rule(threshold: 3, dedupMinutes: 10);

        Assert.Empty(Commit(At(rule, T0), At(rule, T0.AddMinutes(1))));

        Assert.Empty(_store.List());
        Assert.Equal(0, OutboxRows());
    }

    [Fact]
    public void The_threshold_th_match_within_the_window_opens_the_alert_with_that_count()
    {
        var rule = Rule(threshold: 3, dedupMinutes: 10);
        Commit(At(rule, T0), At(rule, T0.AddMinutes(1)));

        var alert = Assert.Single(Commit(At(rule, T0.AddMinutes(10).AddSeconds(-1))));

        Assert.Equal(3, alert.Count);
        Assert.Equal(T0, alert.FirstSeen);
        Assert.Equal(T0.AddMinutes(10).AddSeconds(-1), alert.LastSeen);
        Assert.Equal(1, OutboxRows());
    }

    [Fact]
    public void The_threshold_th_match_after_the_window_opens_nothing_and_starts_a_new_window()
    {
        var rule = Rule(threshold: 3, dedupMinutes: 10);
        Commit(At(rule, T0), At(rule, T0.AddMinutes(1)));

        Assert.Empty(Commit(At(rule, T0.AddMinutes(10))));
        Assert.Empty(_store.List());

        // The late match started a fresh window: two more inside it reach the threshold.
        Assert.Empty(Commit(At(rule, T0.AddMinutes(11))));
        var alert = Assert.Single(Commit(At(rule, T0.AddMinutes(12))));
        Assert.Equal(T0.AddMinutes(10), alert.FirstSeen);
        Assert.Equal(3, alert.Count);
    }

    [Fact]
    public void Matches_after_a_threshold_alert_opens_count_into_it_until_its_window_ends()
    {
        var rule = Rule(threshold: 2, dedupMinutes: 10);
        var alert = Assert.Single(Commit(At(rule, T0), At(rule, T0.AddMinutes(1))));

        Assert.Empty(Commit(At(rule, T0.AddMinutes(9))));

        var stored = Assert.Single(_store.List());
        Assert.Equal(alert.AlertId, stored.AlertId);
        Assert.Equal(3, stored.Count);
    }

    [Fact]
    public void A_late_file_just_before_an_alert_joins_it_instead_of_alerting_again()
    {
        var rule = Rule(dedupMinutes: 60);
        var alert = Assert.Single(Commit(At(rule, T0)));

        Assert.Empty(Commit(At(rule, T0.AddMinutes(-5))));

        var stored = Assert.Single(_store.List());
        Assert.Equal(alert.AlertId, stored.AlertId);
        Assert.Equal(2, stored.Count);
        Assert.Equal(T0.AddMinutes(-5), stored.FirstSeen);
    }

    [Fact]
    public void Replayed_history_groups_by_when_events_happened()
    {
        var rule = Rule(dedupMinutes: 60);
        var lastYear = T0.AddYears(-1);

        Assert.Single(Commit(At(rule, lastYear), At(rule, lastYear.AddMinutes(30))));
        Assert.Single(Commit(At(rule, lastYear.AddHours(5))));

        Assert.Equal([1L, 2L], _store.List().Select(a => a.Count));
    }

    [Fact]
    public void New_alerts_are_queued_only_for_outputs_whose_route_accepts_them()
    {
        var routes = new[]
        {
            new OutputRoute("stdout"),
            new OutputRoute("pagerduty", MinimumSeverity: Severity.Critical),
            new OutputRoute("slack", RuleIds: ["AWS.Root.Login"]),
            new OutputRoute("webhook", Tags: ["iam"]),
        };

        _store.CommitUnit("u1", [At(Rule(severity: Severity.High), T0)], routes, T0);

        Assert.Equal(["slack", "stdout"], OutboxOutputs());
    }

    [Fact]
    public void List_filters_by_rule_and_by_last_seen()
    {
        Commit(At(Rule("A"), T0));
        Commit(At(Rule("B"), T0.AddHours(2)));

        Assert.Equal(["A"], _store.List(ruleId: "A").Select(a => a.RuleId));
        Assert.Equal(["B"], _store.List(since: T0.AddHours(1)).Select(a => a.RuleId));
        Assert.Equal(["B", "A"], _store.List().Select(a => a.RuleId));
    }

    [Fact]
    public void Rule_metadata_travels_with_the_alert()
    {
        var rule = Rule(tags: ["iam", "root"]) with { Description = "Root signed in", Runbook = "Call the owner" };

        Commit(At(rule, T0));

        var stored = Assert.Single(_store.List());
        Assert.Equal(["iam", "root"], stored.Tags);
        Assert.Equal("Root signed in", stored.Description);
        Assert.Equal("Call the owner", stored.Runbook);
        Assert.Equal(60, stored.DedupPeriodMinutes);
    }

    [Fact]
    public void Many_matches_in_one_unit_end_as_they_would_one_unit_each()
    {
        // A unit applies its matches in memory and writes each changed row once; the rows must end exactly as when
        // every match is its own unit. The sequence mixes in-order joins, a late arrival that moves first_seen back,
        // a threshold crossed mid-unit and then joined, a window that expires, and several keys interleaved.
        var plain = Rule("Plain", dedupMinutes: 10);
        var counted = Rule("Counted", dedupMinutes: 10, threshold: 3);
        Iota.Engine.RuleMatch[] sequence =
        [
            At(plain, T0, "a"), At(counted, T0, "x"), At(plain, T0.AddMinutes(5), "a"), At(plain, T0.AddMinutes(-3), "a"),
            At(counted, T0.AddMinutes(2), "x"), At(plain, T0.AddMinutes(1), "b"), At(counted, T0.AddMinutes(4), "x"),
            At(counted, T0.AddMinutes(6), "x"), At(plain, T0.AddMinutes(30), "a"), At(counted, T0.AddMinutes(40), "x"),
            At(plain, T0.AddMinutes(31), "a"), At(counted, T0.AddMinutes(-20), "y"), At(plain, null, "c"),
        ];
        Commit(At(plain, T0.AddMinutes(-60), "a")); // an old alert the unit must leave alone

        using var singleDir = new TempDirectory();
        using var singleDatabase = StateDatabase.Open(singleDir.Path);
        var single = new AlertStore(singleDatabase);
        single.CommitUnit("old", [At(plain, T0.AddMinutes(-60), "a")], Stdout, T0);
        var openedOneByOne = sequence.Select((m, i) => single.CommitUnit("one-" + i, [m], Stdout, T0)).Sum(o => o.Count);

        var openedTogether = Commit(sequence).Count;

        Assert.Equal(openedOneByOne, openedTogether);
        Assert.Equal(Rows(single), Rows(_store));
        Assert.Equal(
            StateQueries.Strings(singleDir.Path, "SELECT rule_id || ':' || dedup || ':' || window_start || ':' || count FROM threshold_counts ORDER BY 1;"),
            StateQueries.Strings(_dir.Path, "SELECT rule_id || ':' || dedup || ':' || window_start || ':' || count FROM threshold_counts ORDER BY 1;"));

        static List<string> Rows(AlertStore store) =>
        [
            .. store.List().Select(a => $"{a.RuleId}:{a.Dedup}:{a.FirstSeen:O}:{a.LastSeen:O}:{a.Count}").Order(StringComparer.Ordinal),
        ];
    }

    private IReadOnlyList<Alert> Commit(params Iota.Engine.RuleMatch[] matches) =>
        _store.CommitUnit("unit-" + _unit++, matches, Stdout, T0);

    private long OutboxRows() => StateQueries.Scalar(_dir.Path, "SELECT COUNT(*) FROM outbox;");

    private List<string> OutboxOutputs() =>
        StateQueries.Strings(_dir.Path, "SELECT output_name FROM outbox ORDER BY output_name;");
}

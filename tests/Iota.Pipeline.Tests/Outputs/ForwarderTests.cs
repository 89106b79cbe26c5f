using System.Net;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;
using static Iota.Pipeline.Tests.Support.Matches;

namespace Iota.Pipeline.Tests.Outputs;

public sealed class ForwarderTests : IDisposable
{
    // Quick retries keep the suite fast; nothing asserts on how long anything took.
    private static readonly ForwarderOptions QuickRetries = new()
    {
        MaxRetryAttempts = 2,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromMilliseconds(50),
    };

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_500_is_retried_and_the_alert_is_delivered_once()
    {
        using var server = new RecordingHttpServer();
        server.AnswerNext(HttpStatusCode.InternalServerError);
        using var database = StateDatabase.Open(_dir.Path);
        var alert = CommitOneAlert(database, "webhook");
        using var forwarder = new Forwarder(database, [new WebhookOutput(server.Url(), _http)], QuickRetries);

        var result = await forwarder.DrainAsync(Generous);

        Assert.Equal(1, result.Delivered);
        Assert.Empty(result.Failures);
        Assert.True(result.Succeeded);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.OK], server.Requests.Select(r => r.Answer));
        Assert.All(server.Requests, r => Assert.Equal(alert.AlertId, r.Json.GetProperty("alert_id").GetString()));
        Assert.Equal(0, StateQueries.Scalar(_dir.Path, "SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task An_alert_queued_while_the_receiver_is_down_is_delivered_exactly_once_after_a_restart()
    {
        var port = RecordingHttpServer.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/hook");

        using (var database = StateDatabase.Open(_dir.Path))
        {
            CommitOneAlert(database, "webhook");
            using var forwarder = new Forwarder(database, [new WebhookOutput(url, _http)], QuickRetries);

            var result = await forwarder.DrainAsync(Generous);

            Assert.False(result.Succeeded);
            Assert.Equal(1, result.Pending);
            var failure = Assert.Single(result.Failures);
            Assert.Equal("webhook", failure.OutputName);
        }

        Assert.Equal(1, StateQueries.Scalar(_dir.Path, "SELECT attempts FROM outbox;"));

        using var server = new RecordingHttpServer(port);
        using (var database = StateDatabase.Open(_dir.Path))
        {
            using var forwarder = new Forwarder(database, [new WebhookOutput(url, _http)], QuickRetries);

            var result = await forwarder.DrainAsync(Generous);
            var again = await forwarder.DrainAsync(Generous);

            Assert.True(result.Succeeded);
            Assert.Equal(1, result.Delivered);
            Assert.Equal(0, again.Delivered);
        }

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_drain_stops_trying_an_output_at_its_first_failure_and_keeps_every_alert_queued()
    {
        using var refusing = new RecordingHttpServer(defaultStatus: HttpStatusCode.Forbidden);
        var file = new FileOutput(Path.Combine(_dir.Path, "alerts.jsonl"));
        using var database = StateDatabase.Open(_dir.Path);
        IReadOnlyList<Alert> alerts = new AlertStore(database).CommitUnit(
            "unit-1", [.. new[] { "a", "b", "c" }.Select(dedup => At(Rule(), T0, dedup))], ["webhook", "file"], T0);
        using var forwarder = new Forwarder(database, [new WebhookOutput(refusing.Url(), _http), file], QuickRetries);

        var result = await forwarder.DrainAsync(Generous);

        // One alert used up its retries (the first attempt and two more); the other two were not tried.
        Assert.Equal(3, alerts.Count);
        Assert.Equal(1 + QuickRetries.MaxRetryAttempts, refusing.Requests.Count);
        Assert.Single(refusing.Requests.Select(r => r.Json.GetProperty("alert_id").GetString()).Distinct());
        Assert.Equal("webhook", Assert.Single(result.Failures).OutputName);
        Assert.Equal(3, result.Pending);
        Assert.False(result.TimedOut);

        // The failing output held up neither the other output nor its own later alerts' place in the queue.
        Assert.Equal(3, result.Delivered);
        Assert.Equal(3, (await File.ReadAllLinesAsync(file.FilePath)).Length);
        Assert.Equal(["webhook", "webhook", "webhook"], StateQueries.Strings(_dir.Path, "SELECT output_name FROM outbox;"));
    }

    [Fact]
    public async Task A_stuck_output_does_not_hold_up_the_others()
    {
        using var database = StateDatabase.Open(_dir.Path);
        CommitOneAlert(database, "stuck", "file");
        var stuck = new StuckOutput("stuck");
        var file = new FileOutput(Path.Combine(_dir.Path, "alerts.jsonl"));
        using var forwarder = new Forwarder(database, [stuck, file], QuickRetries with { AttemptTimeout = TimeSpan.FromHours(1) });
        var fileDelivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        forwarder.Delivered += (output, _) => fileDelivered.TrySetResult(output);
        using var stop = new CancellationTokenSource();

        var running = forwarder.RunAsync(stop.Token);
        await stuck.Entered.Task.WaitAsync(Generous);

        Assert.Equal("file", await fileDelivered.Task.WaitAsync(Generous));
        Assert.Single(await File.ReadAllLinesAsync(file.FilePath));

        // A stop would wait out the stuck attempt (an hour here); disposing abandons it and keeps its row.
        forwarder.Dispose();
        await running.WaitAsync(Generous);
        Assert.Equal(["stuck"], StateQueries.Strings(_dir.Path, "SELECT output_name FROM outbox;"));
    }

    [Fact]
    public async Task A_drain_that_runs_out_of_time_says_so_and_keeps_the_row()
    {
        var (stuck, result) = await DrainOneAlertThroughAStuckOutput(attemptTimeout: TimeSpan.FromHours(1), drainTimeout: TimeSpan.FromMilliseconds(200));

        Assert.True(stuck.Entered.Task.IsCompleted);
        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Pending);
        Assert.Equal(0, result.Delivered);
    }

    [Fact]
    public async Task An_attempt_that_gets_no_answer_in_time_is_retried_and_then_reported_as_a_timeout()
    {
        var (stuck, result) = await DrainOneAlertThroughAStuckOutput(attemptTimeout: TimeSpan.FromMilliseconds(100), drainTimeout: Generous);

        Assert.False(result.TimedOut);
        Assert.Equal(3, stuck.Attempts);
        Assert.Equal("no answer within 0.1 s", Assert.Single(result.Failures).Error);
        Assert.Equal(1, result.Pending);
    }

    [Fact]
    public async Task In_background_mode_an_alert_goes_out_when_notified_and_a_stop_lets_its_post_finish_so_a_drain_does_not_repeat_it()
    {
        using var server = new RecordingHttpServer();
        var answer = server.HoldAnswers();
        using var database = StateDatabase.Open(_dir.Path);
        using var forwarder = new Forwarder(database, [new WebhookOutput(server.Url(), _http)], QuickRetries with { PollInterval = TimeSpan.FromHours(1) });
        using var stop = new CancellationTokenSource();
        var running = forwarder.RunAsync(stop.Token);
        var alert = CommitOneAlert(database, "webhook");
        forwarder.Notify();

        // What iota run does once its files are read: stop the background loop while a post is at the receiver, then drain.
        await server.NextRequestAsync();
        await stop.CancelAsync();
        answer();
        await running.WaitAsync(Generous);
        var drained = await forwarder.DrainAsync(Generous);

        Assert.Equal(0, drained.Delivered);
        Assert.Equal(alert.AlertId, Assert.Single(server.Requests).Json.GetProperty("alert_id").GetString());
        Assert.Equal(0, StateQueries.Scalar(_dir.Path, "SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task In_background_mode_a_failing_output_pauses_after_one_alert_instead_of_failing_each_in_turn()
    {
        using var database = StateDatabase.Open(_dir.Path);
        CommitAlerts(database, "flaky", "a", "b", "c");
        var flaky = new SwitchableOutput("flaky") { Down = true };
        using var forwarder = new Forwarder(database, [flaky], QuickRetries with { RedeliveryDelay = TimeSpan.FromMinutes(10) });
        var paused = new TaskCompletionSource<(string Output, TimeSpan Pause)>(TaskCreationOptions.RunContinuationsAsynchronously);
        forwarder.OutputPaused += (output, pause) => paused.TrySetResult((output, pause));
        using var stop = new CancellationTokenSource();

        var running = forwarder.RunAsync(stop.Token);
        var (name, length) = await paused.Task.WaitAsync(Generous);
        string[] tried = flaky.Attempts;
        await stop.CancelAsync();
        await running.WaitAsync(Generous);

        // One alert spent its retries (the first attempt and two more); the output then paused with the others untried.
        Assert.Equal(("flaky", TimeSpan.FromMinutes(10)), (name, length));
        Assert.Equal(1 + QuickRetries.MaxRetryAttempts, tried.Length);
        Assert.Single(tried.Distinct());
        Assert.Equal([0, 0, 1], StateQueries.Strings(_dir.Path, "SELECT attempts FROM outbox ORDER BY attempts;").Select(int.Parse));
    }

    [Fact]
    public async Task In_background_mode_an_output_back_after_a_pause_gets_every_alert_once()
    {
        using var database = StateDatabase.Open(_dir.Path);
        CommitAlerts(database, "flaky", "a", "b", "c");
        var flaky = new SwitchableOutput("flaky") { Down = true };
        var options = QuickRetries with { RedeliveryDelay = TimeSpan.FromMilliseconds(20), MaxRedeliveryDelay = TimeSpan.FromMilliseconds(40) };
        using var forwarder = new Forwarder(database, [flaky], options);
        var pauses = 0;
        forwarder.OutputPaused += (_, _) =>
        {
            if (Interlocked.Increment(ref pauses) == 2)
            {
                flaky.Down = false;
            }
        };
        await RunInBackgroundUntilDeliveredAsync(forwarder, 3);

        AssertEachDeliveredOnce(flaky, 3);
    }

    [Fact]
    public async Task In_background_mode_a_queue_that_cannot_be_read_pauses_delivery_and_it_resumes_when_the_queue_is_back()
    {
        using var database = StateDatabase.Open(_dir.Path);
        CommitAlerts(database, "flaky", "a", "b");
        var output = new SwitchableOutput("flaky");
        var options = QuickRetries with { RedeliveryDelay = TimeSpan.FromMilliseconds(20), MaxRedeliveryDelay = TimeSpan.FromMilliseconds(40) };
        using var forwarder = new Forwarder(database, [output], options);

        // Another process takes the queue away, as a full disk or a lost volume would make it unreadable.
        StateQueries.Scalar(_dir.Path, "ALTER TABLE outbox RENAME TO outbox_away;");
        var problems = new List<(string Output, string Why, TimeSpan Pause)>();
        forwarder.QueueUnavailable += (name, why, pause) =>
        {
            lock (problems)
            {
                problems.Add((name, why, pause));
                if (problems.Count == 2)
                {
                    StateQueries.Scalar(_dir.Path, "ALTER TABLE outbox_away RENAME TO outbox;");
                }
            }
        };
        await RunInBackgroundUntilDeliveredAsync(forwarder, 2);

        Assert.True(problems.Count >= 2, $"{problems.Count} problems");
        Assert.All(problems, p => Assert.Equal("flaky", p.Output));
        Assert.Contains("no such table: outbox", problems[0].Why, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)], problems.Take(2).Select(p => p.Pause));
        AssertEachDeliveredOnce(output, 2);
    }

    [Fact]
    public async Task Rows_for_outputs_this_forwarder_does_not_have_are_left_alone()
    {
        using var database = StateDatabase.Open(_dir.Path);
        CommitOneAlert(database, "slack", "stdout");
        using var writer = new StringWriter();
        using var forwarder = new Forwarder(database, [new StdoutOutput(writer)], QuickRetries);

        var result = await forwarder.DrainAsync(Generous);

        Assert.Equal(1, result.Delivered);
        Assert.Equal(0, result.Pending);
        Assert.Equal(["slack"], StateQueries.Strings(_dir.Path, "SELECT output_name FROM outbox;"));
    }

    private static Alert CommitOneAlert(StateDatabase database, params string[] outputs) =>
        Assert.Single(new AlertStore(database).CommitUnit("unit-" + Guid.NewGuid(), [At(Rule(), T0)], outputs, T0));

    /// <summary>The output got <paramref name="alerts"/> distinct alerts, each once, and the queue is empty.</summary>
    private void AssertEachDeliveredOnce(SwitchableOutput output, int alerts)
    {
        Assert.Equal(alerts, output.Delivered.Distinct().Count());
        Assert.Equal(alerts, output.Delivered.Length);
        Assert.Equal(0, StateQueries.Scalar(_dir.Path, "SELECT COUNT(*) FROM outbox;"));
    }

    /// <summary>Runs the forwarder's background loops until <paramref name="alerts"/> deliveries, then stops them.</summary>
    private static async Task RunInBackgroundUntilDeliveredAsync(Forwarder forwarder, int alerts)
    {
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        forwarder.Delivered += (_, _) =>
        {
            if (Interlocked.Increment(ref count) == alerts)
            {
                delivered.TrySetResult();
            }
        };
        using var stop = new CancellationTokenSource();

        var running = forwarder.RunAsync(stop.Token);
        await delivered.Task.WaitAsync(Generous);
        await stop.CancelAsync();
        await running.WaitAsync(Generous);
    }

    private static void CommitAlerts(StateDatabase database, string output, params string[] dedups) =>
        Assert.Equal(dedups.Length, new AlertStore(database).CommitUnit(
            "unit-" + Guid.NewGuid(), [.. dedups.Select(dedup => At(Rule(), T0, dedup))], [output], T0).Count);

    /// <summary>An output that refuses every alert while <see cref="Down"/>, and records what it was sent.</summary>
    private sealed class SwitchableOutput(string name) : IAlertOutput
    {
        private readonly List<string> _attempts = [];
        private readonly List<string> _delivered = [];

        public volatile bool Down;

        public string Name => name;

        public string[] Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _attempts];
                }
            }
        }

        public string[] Delivered
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _delivered];
                }
            }
        }

        public Task SendAsync(Alert alert, CancellationToken cancellationToken)
        {
            lock (_attempts)
            {
                _attempts.Add(alert.AlertId);
                if (Down)
                {
                    throw new IOException("receiver is down");
                }

                _delivered.Add(alert.AlertId);
            }

            return Task.CompletedTask;
        }
    }

    private async Task<(StuckOutput Stuck, DrainResult Result)> DrainOneAlertThroughAStuckOutput(TimeSpan attemptTimeout, TimeSpan drainTimeout)
    {
        using var database = StateDatabase.Open(_dir.Path);
        CommitOneAlert(database, "stuck");
        var stuck = new StuckOutput("stuck");
        using var forwarder = new Forwarder(database, [stuck], QuickRetries with { AttemptTimeout = attemptTimeout });
        return (stuck, await forwarder.DrainAsync(drainTimeout));
    }

    /// <summary>An output that never answers until cancelled, like a receiver that accepts and hangs.</summary>
    private sealed class StuckOutput(string name) : IAlertOutput
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public int Attempts { get; private set; }

        public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
        {
            Attempts++;
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

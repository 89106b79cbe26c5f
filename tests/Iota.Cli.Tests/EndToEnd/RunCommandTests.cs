using System.Text.Json;

namespace Iota.Cli.Tests.EndToEnd;

/// <summary><c>iota run</c> over a copy of samples/, as a child process.</summary>
public sealed class RunCommandTests : IDisposable
{
    private const string RootLoginEventId = "4c00cc57-6381-42bf-ab80-c69eed13be81";
    private const string StopLoggingEventId = "bd913db1-6ddd-4444-9869-47d10c4bea5f";
    private static readonly string[] AlertFields =
        ["alert_id", "rule_id", "title", "severity", "dedup", "log_type", "event_time", "alert_context", "event"];

    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Alerts_are_printed_as_json_lines_and_the_run_succeeds()
    {
        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules);

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonElement alert = Assert.Single(Alerts(result));
        foreach (string field in AlertFields)
        {
            Assert.True(alert.TryGetProperty(field, out _), $"alert lacks {field}: {alert}");
        }

        Assert.Equal(32, alert.GetProperty("alert_id").GetString()!.Length);
        Assert.Equal("Test.RootConsoleLogin", alert.GetProperty("rule_id").GetString());
        Assert.Equal("Root console login from 203.0.113.88", alert.GetProperty("title").GetString());
        Assert.Equal("Root console login from 203.0.113.88", alert.GetProperty("dedup").GetString());
        Assert.Equal("HIGH", alert.GetProperty("severity").GetString());
        Assert.Equal("AWS.CloudTrail", alert.GetProperty("log_type").GetString());
        Assert.StartsWith("2026-11-03T", alert.GetProperty("event_time").GetString(), StringComparison.Ordinal);
        Assert.Equal("203.0.113.88", alert.GetProperty("alert_context").GetProperty("ip").GetString());
        Assert.Equal("Yes", alert.GetProperty("alert_context").GetProperty("mfa_used").GetString());
        Assert.Equal(RootLoginEventId, alert.GetProperty("event").GetProperty("eventID").GetString());
        Assert.Equal("Root", alert.GetProperty("event").GetProperty("userIdentity").GetProperty("type").GetString());
        Assert.Contains("files 10, events 475 (1 duplicates dropped)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_event_across_files_raises_one_alert_but_matches_twice()
    {
        _ws.WriteRule("stop-logging.csx", CliWorkspace.StopLoggingRule);

        var alerts = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules);
        var matches = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--matches");

        Assert.True(alerts.ExitCode == 0, alerts.ToString());
        Assert.True(matches.ExitCode == 0, matches.ToString());
        Assert.Single(Alerts(alerts), a => a.GetProperty("rule_id").GetString() == "Test.StopLogging");
        List<JsonElement> stopMatches = [.. Alerts(matches).Where(a => a.GetProperty("rule_id").GetString() == "Test.StopLogging")];
        Assert.Equal(2, stopMatches.Count);
        Assert.All(stopMatches, m => Assert.Equal(StopLoggingEventId, m.GetProperty("event").GetProperty("eventID").GetString()));
        Assert.Single(Alerts(matches), a => a.GetProperty("rule_id").GetString() == "Test.RootConsoleLogin");
    }

    [Fact]
    public void The_bundled_rules_run_when_no_rule_folder_is_given()
    {
        var result = _ws.Iota("run", _ws.Samples);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("files 10, events 475", result.Stderr, StringComparison.Ordinal);
        foreach (JsonElement alert in Alerts(result))
        {
            Assert.All(AlertFields, f => Assert.True(alert.TryGetProperty(f, out _), $"alert lacks {f}: {alert}"));
        }
    }

    [Fact]
    public void Without_a_writable_temporary_folder_the_bundled_plugin_still_loads_and_alerts()
    {
        // run maps a private copy of each plugin from the temporary folder; a TMPDIR that is a file makes that fail.
        string notAFolder = Path.Combine(_ws.Root, "tmp-is-a-file");
        File.WriteAllText(notAFolder, "");

        var usual = _ws.Iota("run", _ws.Samples);
        var result = IotaProcess.RunWith(new Dictionary<string, string> { ["TMPDIR"] = notAFolder }, _ws.Root, _ws.Cache, "run", _ws.Samples);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            Alerts(usual).Select(a => a.GetProperty("rule_id").GetString()).Order(StringComparer.Ordinal),
            Alerts(result).Select(a => a.GetProperty("rule_id").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(Alerts(result), a => a.GetProperty("rule_id").GetString()!.StartsWith("AWS.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_rule_is_reported_with_its_line_while_the_good_rule_still_fires()
    {
        string broken = _ws.WriteRule("broken.csx", """
            public sealed class Broken : Rule
            {
                public override string Id => "Test.Broken";

                public override bool Match(Event e) => e.EventName == 42 ++;
            }
            """);

        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{broken}:5:", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("Test.RootConsoleLogin", Assert.Single(Alerts(result)).GetProperty("rule_id").GetString());
    }

    [Fact]
    public void A_corrupt_gzip_file_is_named_on_stderr_and_the_other_files_still_alert()
    {
        string victim = Directory.GetFiles(_ws.Samples, "*ep9Nz3WbhK540Aga.json.gz", SearchOption.AllDirectories).Single();
        byte[] bytes = File.ReadAllBytes(victim);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 32; i++)
        {
            bytes[i] ^= 0xA5;
        }

        File.WriteAllBytes(victim, bytes);

        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(victim, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("gzip", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(RootLoginEventId, Assert.Single(Alerts(result)).GetProperty("event").GetProperty("eventID").GetString());
    }

    [Fact]
    public void With_a_state_directory_a_second_run_over_the_same_files_raises_no_alerts()
    {
        var first = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--state", _ws.State);
        Dictionary<string, DateTime> cached = CachedImages();
        var second = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--state", _ws.State);

        // The rule was compiled once into IOTA_CACHE_DIR; the second run loaded that image instead of rewriting it.
        Assert.Single(cached);
        Assert.Equal(cached, CachedImages());

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Single(Alerts(first));
        Assert.Empty(Alerts(second));
        Assert.True(File.Exists(Path.Combine(_ws.State, "state.db")));
        Assert.True(File.Exists(Path.Combine(_ws.State, "events.bloom")));
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var result = _ws.Iota("run", _ws.Samples, "--no-such-option");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(result.StdoutLines, line => line.StartsWith('{'));
        Assert.DoesNotContain("files 10", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--workers", "0")]
    [InlineData("--python-workers", "-2")]
    [InlineData("--lake-buffer-mb", "0")]
    public void A_count_below_one_is_a_usage_error_naming_the_option(string option, string value)
    {
        var result = _ws.Iota("run", _ws.Samples, option, value);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{option} must be at least 1, not {value}.", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(result.StdoutLines, line => line.StartsWith('{'));
    }

    [Fact]
    public void An_unknown_option_of_rules_list_is_a_usage_error()
    {
        var result = _ws.Iota("rules", "list", "--bogus");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--bogus", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_path_is_named_and_the_other_paths_are_still_read()
    {
        string missing = Path.Combine(_ws.Root, "no-such-logs");

        var result = _ws.Iota("run", missing, _ws.Samples, "--rules", _ws.Rules);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        Assert.Single(Alerts(result));
    }

    [Theory]
    [InlineData("file", "it is a file, not a folder")]
    [InlineData("damaged", "state.db is damaged or not a SQLite database")]
    public void A_state_directory_that_cannot_be_used_is_named_with_its_cause_before_anything_is_read(string kind, string cause)
    {
        string state = Path.Combine(_ws.Root, "state-" + kind);
        if (kind == "file")
        {
            File.WriteAllText(state, "not a folder");
        }
        else
        {
            Directory.CreateDirectory(state);
            File.WriteAllText(Path.Combine(state, "state.db"), "this was never a SQLite database, but it is long enough to have a header");
        }

        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--state", state);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"iota: cannot use the state directory {state}: {cause}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Alerts(result));
    }

    [Fact]
    public void A_lake_that_cannot_be_used_is_named_before_anything_is_read()
    {
        string lake = Path.Combine(_ws.Root, "lake-is-a-file");
        File.WriteAllText(lake, "not a folder");

        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--lake", lake);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"iota: cannot use the lake {lake}: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Alerts(result));
    }

    [Fact]
    public void An_unreachable_output_is_named_once_and_its_alert_stays_queued_for_the_next_run()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        string[] arguments = ["run", _ws.Samples, "--rules", _ws.Rules, "--state", _ws.State, "--output", $"webhook:http://127.0.0.1:{closedPort}/hook"];

        var first = _ws.Iota(arguments);
        var second = _ws.Iota(arguments);

        Assert.True(first.ExitCode == 0, first.ToString());
        string failure = Assert.Single(first.Stderr.Split('\n'), line => line.Contains("not delivered", StringComparison.Ordinal));
        Assert.StartsWith("iota: webhook: alert ", failure, StringComparison.Ordinal);
        Assert.Contains("1 alert deliveries are still pending; they are kept and retried on the next run", first.Stderr, StringComparison.Ordinal);

        // The second run finds nothing new, and tries the queued alert again.
        Assert.Contains("alerts 0,", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(failure, Assert.Single(second.Stderr.Split('\n'), line => line.Contains("not delivered", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_a_state_directory_undelivered_alerts_are_said_to_be_lost_not_pending_for_later()
    {
        // A folder where the file output wants a file: every write fails.
        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--output", $"file:{_ws.Root}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith("iota: file: alert ", StringComparison.Ordinal));
        Assert.Contains(
            "iota: 1 alert deliveries are still pending; without --state they are lost when iota exits (with --state DIR they are kept and retried on the next run)",
            result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_lines_file_larger_than_a_part_counts_as_one_file_and_errors_name_their_offset_in_it()
    {
        // About 45 MB: more than one 32 MiB part. The root login and the bad line both lie in the second part.
        const int Lines = 90_000;
        string path = Path.Combine(_ws.Root, "export.jsonl");
        long badLineStart = 0;
        using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            string padding = new('p', 380);
            for (int i = 0; i < Lines; i++)
            {
                string line = i switch
                {
                    80_000 => """{"eventVersion":"1.08","eventID":"broken" "eventName":"GetObject"}""",
                    85_000 => $$"""{"eventVersion":"1.08","userIdentity":{"type":"Root"},"eventTime":"2026-11-03T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"198.51.100.7","eventID":"00000000-0000-4000-8000-{{i:D12}}"}""",
                    _ => $$$"""{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"u{{{i % 50}}}"},"eventTime":"2026-11-03T09:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"00000000-0000-4000-8000-{{{i:D12}}}","requestParameters":{"key":"{{{padding}}}"}}""",
                };
                if (i == 80_000)
                {
                    writer.Flush();
                    badLineStart = writer.BaseStream.Position;
                }

                writer.WriteLine(line);
            }
        }

        var result = _ws.Iota("run", path, "--rules", _ws.Rules);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"files 1, events {Lines - 1:N0} (0 duplicates dropped)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("Root console login from 198.51.100.7", Assert.Single(Alerts(result)).GetProperty("title").GetString());
        string error = Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith($"{path}: byte offset ", StringComparison.Ordinal));
        long offset = long.Parse(error.Split(' ')[3].TrimEnd(':'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(badLineStart > 32 * 1024 * 1024, $"the bad line starts at {badLineStart}");
        Assert.InRange(offset, badLineStart, badLineStart + 80);
    }

    [Fact]
    public void A_seen_events_filter_that_cannot_be_saved_is_named_and_the_run_still_ends_with_its_summary()
    {
        string blocked = Path.Combine(_ws.State, "events.bloom");
        Directory.CreateDirectory(blocked);

        var result = _ws.Iota("run", _ws.Samples, "--rules", _ws.Rules, "--state", _ws.State);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(Alerts(result));
        Assert.Contains($"iota: cannot save the seen-events filter to {blocked}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("files 10, events 475", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_that_stops_taking_writes_mid_run_ends_the_run_with_exit_1_and_the_next_run_loses_and_doubles_nothing()
    {
        string logs = Path.Combine(_ws.Root, "generated");
        Assert.Equal(0, _ws.Iota("generate", "cloudtrail", logs, "--files", "60", "--events-per-file", "200", "--seed", "5").ExitCode);

        // Every file iota writes may grow to 400 KiB: the state database's write-ahead log reaches that after a few of
        // the 60 commits, and the 11 MB seen-events filter never fits. One worker keeps the dedup windows in file order.
        var limited = IotaProcess.RunWithFileSizeLimit(400, _ws.Root, _ws.Cache, "run", logs, "--state", _ws.State, "--workers", "1");
        var after = _ws.Iota("run", logs, "--state", _ws.State, "--workers", "1");

        Assert.True(limited.ExitCode == 1, limited.ToString());
        Assert.Contains($"iota: stopped: the state database in {_ws.State} cannot be written (", limited.Stderr, StringComparison.Ordinal);
        Assert.Contains($"iota: cannot save the seen-events filter to {Path.Combine(_ws.State, "events.bloom")}: ", limited.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", limited.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"files \d+, events [\d,]+ ", limited.Stderr);
        Assert.DoesNotContain("files 60,", limited.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_ws.State, "*.tmp"));
        AssertTheRerunLosesAndDoublesNothing(logs, limited, after);
    }

    [Fact]
    public void A_run_stopped_by_sigterm_exits_130_and_the_next_run_raises_the_rest()
    {
        string logs = Path.Combine(_ws.Root, "generated");
        Assert.Equal(0, _ws.Iota("generate", "cloudtrail", logs, "--files", "120", "--events-per-file", "500", "--seed", "7").ExitCode);

        // Stopped once the first alert is out, with most of the 120 files still to read (one worker keeps the order).
        var cut = IotaProcess.RunTerminated(firstLine => firstLine, _ws.Root, _ws.Cache, "run", logs, "--state", _ws.State, "--workers", "1");
        var rest = _ws.Iota("run", logs, "--state", _ws.State, "--workers", "1");

        Assert.True(cut.ExitCode == 130, cut.ToString());
        Assert.Contains("iota: interrupted; state is saved and undelivered alerts stay queued", cut.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("files 120,", cut.Stderr, StringComparison.Ordinal);
        AssertTheRerunLosesAndDoublesNothing(logs, cut, rest);
    }

    [Fact]
    public void A_replay_stopped_by_sigterm_prints_the_alerts_so_far_and_exits_130()
    {
        string logs = Path.Combine(_ws.Root, "generated");
        Assert.Equal(0, _ws.Iota("generate", "cloudtrail", logs, "--files", "300", "--events-per-file", "200", "--seed", "7").ExitCode);

        // A Python rule that says when evaluation has begun and keeps it going for half a minute: the signal then always
        // lands mid-replay, and the small units on their way still finish well within the two seconds iota has.
        string started = Path.Combine(_ws.Root, "replay-started");
        _ws.WriteRule("slow_rule.py", $"""
            import time

            def rule(event):
                open({JsonSerializer.Serialize(started)}, "w").close()
                time.sleep(0.001)
                return False
            """);

        var cut = IotaProcess.RunTerminated(
            async _ =>
            {
                for (int i = 0; i < 600 && !File.Exists(started); i++)
                {
                    await Task.Delay(100);
                }
            },
            _ws.Root, _ws.Cache, "replay", logs, "--rules", _ws.Rules);

        Assert.True(cut.ExitCode == 130, cut.ToString());
        Assert.Contains("iota replay: interrupted; the alerts so far follow", cut.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"replayed 300 files, [\d,]+ events", cut.Stderr);
        Assert.DoesNotContain("60,000 events", cut.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// After a run over <paramref name="logs"/> that ended early (<paramref name="first"/>) and its rerun with the same
    /// state (<paramref name="rerun"/>), one worker each: the state is what one uninterrupted run leaves, and every alert
    /// was delivered. Only an alert the first run printed without recording it comes again, and never twice in the rerun.
    /// </summary>
    private void AssertTheRerunLosesAndDoublesNothing(string logs, IotaProcess.Result first, IotaProcess.Result rerun)
    {
        string clean = Path.Combine(_ws.Root, "clean-state");
        var reference = _ws.Iota("run", logs, "--state", clean, "--workers", "1");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.True(reference.ExitCode == 0, reference.ToString());
        Assert.Equal(StoredAlerts(clean), StoredAlerts(_ws.State));

        // An alert is known by the event that opened it: the count and first_seen it prints are those at delivery.
        List<string> expected = [.. Alerts(reference).Select(Opening).Order(StringComparer.Ordinal)];
        Assert.True(expected.Count > 20, reference.ToString());
        Assert.Equal(expected, Alerts(first).Concat(Alerts(rerun)).Select(Opening).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Alerts(rerun).Count, Alerts(rerun).Select(Opening).Distinct().Count());
    }

    private List<string> StoredAlerts(string state) =>
        [.. _ws.Iota("alerts", "list", "--state", state, "--format", "json").StdoutLines
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(a => $"{Opening(a)} first={a.GetProperty("first_seen").GetString()} last={a.GetProperty("last_seen").GetString()} count={a.GetProperty("count").GetInt32()}")
            .Order(StringComparer.Ordinal)];

    private static string Opening(JsonElement alert) =>
        $"{alert.GetProperty("rule_id").GetString()}|{alert.GetProperty("dedup").GetString()}|{alert.GetProperty("event_time").GetString()}";

    private Dictionary<string, DateTime> CachedImages() =>
        Directory.Exists(_ws.Cache)
            ? Directory.GetFiles(_ws.Cache, "*.dll", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc)
            : [];

    private static List<JsonElement> Alerts(IotaProcess.Result result) =>
        [.. result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];
}

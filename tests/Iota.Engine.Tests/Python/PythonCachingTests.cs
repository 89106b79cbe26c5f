using Iota.Engine.Python;

namespace Iota.Engine.Tests.Python;

public sealed class PythonCachingTests
{
    private static Dictionary<string, object?> FailedLogin() => new()
    {
        ["eventName"] = "ConsoleLogin",
        ["responseElements"] = new Dictionary<string, object?> { ["ConsoleLogin"] = "Failure" },
        ["userIdentity"] = new Dictionary<string, object?> { ["arn"] = "arn:aws:iam::123456789012:user/mallory" },
    };

    [Fact]
    public async Task Caching_counters_survive_a_host_restart()
    {
        var state = PythonFixtures.NewTempDirectory();
        await using (var first = await PythonRuleHost.StartAsync(PythonFixtures.Options(state, PythonFixtures.PantherRules)))
        {
            var twoFailures = await first.EvaluateAsync([PythonFixtures.Event(FailedLogin()), PythonFixtures.Event(FailedLogin())]);
            Assert.Empty(twoFailures.Matches);
            Assert.Empty(twoFailures.Errors);
        }

        await using var second = await PythonRuleHost.StartAsync(PythonFixtures.Options(state, PythonFixtures.PantherRules));
        var third = await second.EvaluateAsync([PythonFixtures.Event(FailedLogin())]);

        var match = Assert.Single(third.Matches);
        Assert.Equal("Fixture.Console.RepeatedFailures", match.RuleId);
        Assert.Equal("Repeated console login failures for arn:aws:iam::123456789012:user/mallory", match.Title);
    }

    [Fact]
    public async Task Worker_processes_opening_a_new_caching_file_at_the_same_moment_all_succeed()
    {
        // A pool's workers open a new caching file together. Switching it to WAL needs it to one connection, and
        // SQLite answers the others "database is locked" at once, so a pool start failed now and then. Here pairs
        // of real python3 processes open a new file at the same moment (a barrier) through the worker's module.
        string directory = PythonFixtures.NewTempDirectory();
        string script = Path.Combine(directory, "race.py");
        await File.WriteAllTextAsync(script, """
            import multiprocessing, os, sys
            sys.path.insert(0, sys.argv[1])
            from panther_detection_helpers import caching

            def open_together(path, barrier):
                barrier.wait()
                try:
                    caching.use_database(path)
                except Exception as error:
                    print(f"{type(error).__name__}: {error}")
                    sys.exit(1)

            if __name__ == "__main__":
                failures = 0
                for n in range(300):
                    barrier = multiprocessing.Barrier(2)
                    path = os.path.join(sys.argv[2], f"cache-{n}.db")
                    workers = [multiprocessing.Process(target=open_together, args=(path, barrier)) for _ in range(2)]
                    for worker in workers:
                        worker.start()
                    for worker in workers:
                        worker.join()
                    failures += sum(worker.exitcode != 0 for worker in workers)
                print(f"failures {failures}")
            """);
        var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[script, Path.Combine(AppContext.BaseDirectory, "Python", "compat"), directory])
        {
            start.ArgumentList.Add(argument);
        }

        using var python = System.Diagnostics.Process.Start(start)!;
        Task<string> stderr = python.StandardError.ReadToEndAsync();
        string output = await python.StandardOutput.ReadToEndAsync();
        await python.WaitForExitAsync();

        Assert.True(python.ExitCode == 0, await stderr);
        Assert.EndsWith("failures 0", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_caching_file_the_host_uses_a_temporary_one_and_deletes_it()
    {
        var options = PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.PantherRules) with { CacheDatabasePath = null, WorkerCount = 2 };
        string cache;
        await using (var host = await PythonRuleHost.StartAsync(options))
        {
            var failures = await host.EvaluateAsync([PythonFixtures.Event(FailedLogin()), PythonFixtures.Event(FailedLogin())]);
            Assert.Empty(failures.Errors);
            cache = host.TemporaryCacheDatabase!;
            Assert.True(File.Exists(cache));
        }

        Assert.False(File.Exists(cache));
        Assert.False(File.Exists(cache + "-wal"));
        Assert.False(File.Exists(cache + "-shm"));
    }

    [Fact]
    public async Task Workers_of_one_pool_share_the_caching_state()
    {
        var options = PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.PantherRules) with { WorkerCount = 2 };
        await using var host = await PythonRuleHost.StartAsync(options);

        var batches = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.EvaluateAsync([PythonFixtures.Event(FailedLogin())])));

        Assert.Single(batches.SelectMany(b => b.Matches));
        Assert.All(batches, b => Assert.Empty(b.Errors));
    }

    [Fact]
    public async Task Caching_helpers_follow_panther_semantics()
    {
        var rules = Path.Combine(AppContext.BaseDirectory, "Fixtures", "python", "caching_rules");
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), rules));
        var probe = PythonFixtures.Quiet("caching");
        probe["keyPrefix"] = "probe:";

        var result = await host.EvaluateAsync([PythonFixtures.Event(probe)]);

        Assert.Empty(result.Errors);
        var context = PythonFixtures.Json(Assert.Single(result.Matches).AlertContextJson);
        Assert.Equal(
            """{"added":["a","b"],"added_one":["a","b","c"],"removed":["b","c"],"read_back":["b","c"],"emptied":[],"dict":{"k":1,"nested":{"n":[1,2]}},"missing_dict":{},"counter":5,"counter_again":6,"counter_reset":0,"expired":0,"future":["x"],"bad_dictionary":"TypeError"}""",
            context.GetRawText().Replace(" ", "", StringComparison.Ordinal));
    }
}

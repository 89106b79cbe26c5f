using Iota.Engine.Python;

namespace Iota.Engine.Tests.Python;

public sealed class PythonWorkerFailureTests
{
    [Fact]
    public async Task A_worker_that_dies_mid_batch_is_replaced_and_the_batch_retried_without_losing_events()
    {
        var state = PythonFixtures.NewTempDirectory();
        var flag = Path.Combine(state, "crashed-once");
        var crash = PythonFixtures.Quiet("crash");
        crash["iotaCrashFlag"] = flag;
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(state, PythonFixtures.IotaRules));

        var result = await host.EvaluateAsync(
        [
            PythonFixtures.Event(PythonFixtures.RootLogin()),
            PythonFixtures.Event(crash),
            PythonFixtures.Event(PythonFixtures.RootLogin()),
        ]);

        Assert.True(File.Exists(flag), "the fixture rule should have killed the first worker");
        Assert.Empty(result.Errors);
        Assert.Equal(
            [(0, "root_console_login"), (1, "crash_once"), (2, "root_console_login")],
            result.Matches.Select(m => (m.EventIndex, m.RuleId)));
    }

    [Fact]
    public async Task A_hanging_batch_times_out_twice_is_reported_per_event_and_the_pool_keeps_working()
    {
        var options = PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules) with
        {
            BatchTimeout = TimeSpan.FromSeconds(2),
        };
        await using var host = await PythonRuleHost.StartAsync(options);

        var hung = await host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin()), PythonFixtures.Event(PythonFixtures.Quiet("hang"))]);

        Assert.Empty(hung.Matches);
        Assert.Equal([0, 1], hung.Errors.Select(e => e.EventIndex));
        Assert.All(hung.Errors, e =>
        {
            Assert.Equal(PythonRuleHost.WorkerFailureRuleId, e.Error.RuleId);
            Assert.Contains("did not answer within 2 s", e.Error.Message, StringComparison.Ordinal);
            Assert.Contains("retry", e.Error.Message, StringComparison.Ordinal);
        });

        var after = await host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin())]);
        Assert.Equal("root_console_login", Assert.Single(after.Matches).RuleId);
    }

    [Fact]
    public async Task Workers_start_with_a_minimal_environment_free_of_secrets()
    {
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test-secret-must-not-leak");
        Environment.SetEnvironmentVariable("SLACK_WEBHOOK_URL", "https://hooks.example.invalid/secret");
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules));

        var result = await host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.Quiet("env"))]);

        var probe = Assert.Single(result.Matches);
        var keys = PythonFixtures.Json(probe.AlertContextJson).GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToList();
        Assert.DoesNotContain(keys, k => k.StartsWith("AWS_", StringComparison.Ordinal));
        Assert.DoesNotContain("SLACK_WEBHOOK_URL", keys);
        // Only a subset check: an interpreter launcher (a pyenv shim, say) may add its own variables on the way.
        Assert.Superset(
            new HashSet<string> { "HOME", "LANG", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "PYTHONIOENCODING", "PYTHONPATH", "PYTHONUNBUFFERED" },
            keys.ToHashSet());
    }

    [Fact]
    public async Task Dispose_sends_shutdown_and_the_host_refuses_further_work()
    {
        var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules));

        await host.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin())]));
    }

    [Fact]
    public async Task Rule_output_to_stdout_reaches_the_host_as_worker_log_lines()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules) with { WorkerOutput = lines.Enqueue };
        var host = await PythonRuleHost.StartAsync(options);

        var result = await host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.Quiet("print"))]);
        // A graceful shutdown waits for the worker to exit and its stderr to drain.
        await host.DisposeAsync();

        Assert.Equal("printer", Assert.Single(result.Matches).RuleId);
        Assert.Contains("rule output must not corrupt frames", lines);
        Assert.Contains("nor may a raw write to file descriptor 1", lines);
    }
}

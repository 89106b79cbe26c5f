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

using Iota.Engine.Python;
using Iota.Sdk;

namespace Iota.Engine.Tests.Python;

public sealed class PythonRuleTestRunTests
{
    [Fact]
    public async Task Panther_tests_run_with_their_mocks_and_report_pass_and_fail()
    {
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.PantherRules));

        var results = await host.RunTestsAsync();

        Assert.Equal(4, results.Count);
        var mocked = Assert.Single(results, r => r.TestName == "Admin policy attached by a known owner");
        Assert.Equal("Fixture.IAM.AdminPolicyAttached", mocked.RuleId);
        Assert.True(mocked.Passed, mocked.Error);
        Assert.True(mocked.Matched);
        Assert.Equal("alice attached admin to bob", mocked.Title);
        Assert.Equal(Severity.Medium, mocked.Severity);
        Assert.Equal("platform-team", PythonFixtures.Json(mocked.AlertContextJson).GetProperty("owner").GetString());

        var ignored = Assert.Single(results, r => r.TestName == "Read-only policy is ignored");
        Assert.True(ignored.Passed);
        Assert.False(ignored.Matched);
        Assert.Null(ignored.Title);

        var wrong = Assert.Single(results, r => r.TestName == "Wrong expectation fails");
        Assert.False(wrong.Passed);
        Assert.True(wrong.Matched);
        Assert.False(wrong.Expected);
        Assert.Equal(Severity.Critical, wrong.Severity);
        Assert.Contains("expected rule() to return False", wrong.Error, StringComparison.Ordinal);

        var cached = Assert.Single(results, r => r.RuleId == "Fixture.Console.RepeatedFailures");
        Assert.True(cached.Passed, cached.Error);
    }

    [Fact]
    public async Task Tests_can_be_limited_to_some_rules_and_do_not_touch_the_shared_cache()
    {
        var state = PythonFixtures.NewTempDirectory();
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(state, PythonFixtures.PantherRules));

        for (var run = 0; run < 3; run++)
        {
            var results = await host.RunTestsAsync(["Fixture.Console.RepeatedFailures"]);
            Assert.True(Assert.Single(results).Passed);
        }

        var evaluation = await host.EvaluateAsync(
        [
            PythonFixtures.Event(new Dictionary<string, object?>
            {
                ["eventName"] = "ConsoleLogin",
                ["responseElements"] = new Dictionary<string, object?> { ["ConsoleLogin"] = "Failure" },
                ["userIdentity"] = new Dictionary<string, object?> { ["arn"] = "arn:aws:iam::123456789012:user/alice" },
            }),
        ]);
        Assert.Empty(evaluation.Matches);
    }

    [Fact]
    public async Task A_rule_whose_test_hangs_fails_its_own_tests_and_the_others_still_run()
    {
        var rules = PythonFixtures.NewTempDirectory();
        foreach (var (name, body) in new[] { ("hangs", "import time\n\n\ndef rule(event):\n    time.sleep(3600)\n"), ("fine", "def rule(event):\n    return True\n") })
        {
            await File.WriteAllTextAsync(
                Path.Combine(rules, name + ".yml"),
                $"AnalysisType: rule\nFilename: {name}.py\nRuleID: Temp.{name}\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n" +
                "Tests:\n  - Name: case\n    ExpectedResult: true\n    Log: {eventName: x}\n");
            await File.WriteAllTextAsync(Path.Combine(rules, name + ".py"), body);
        }

        var options = PythonFixtures.Options(PythonFixtures.NewTempDirectory(), rules) with { BatchTimeout = TimeSpan.FromSeconds(2) };
        await using var host = await PythonRuleHost.StartAsync(options);

        var results = await host.RunTestsAsync();

        var hung = Assert.Single(results, r => r.RuleId == "Temp.hangs");
        Assert.False(hung.Passed);
        Assert.Contains("did not answer within 2 s", hung.Error, StringComparison.Ordinal);
        Assert.True(Assert.Single(results, r => r.RuleId == "Temp.fine").Passed);
        Assert.True(Assert.Single(await host.RunTestsAsync(["Temp.fine"])).Passed);
    }
}

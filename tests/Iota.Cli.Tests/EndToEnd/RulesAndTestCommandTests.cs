using System.Text.Json;

namespace Iota.Cli.Tests.EndToEnd;

/// <summary><c>iota rules list</c> and <c>iota test</c> over a temp rule folder, as a child process.</summary>
public sealed class RulesAndTestCommandTests : IDisposable
{
    private const string TestFile = """
        rule_id: Test.RootConsoleLogin
        tests:
          - name: root sign-in alerts
            expected: true
            title: Root console login from 203.0.113.88
            severity: HIGH
            event: {eventName: ConsoleLogin, sourceIPAddress: 203.0.113.88, userIdentity: {type: Root}, additionalEventData: {MFAUsed: "No"}}
          - name: an IAM user does not
            expected: false
            event: {eventName: ConsoleLogin, userIdentity: {type: IAMUser, userName: alice}}
        """;

    private const string FailingCase = """

          - name: wrongly expects a quiet root sign-in
            expected: false
            event: {eventName: ConsoleLogin, sourceIPAddress: 198.51.100.1, userIdentity: {type: Root}}
        """;

    private readonly CliWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Rules_list_as_json_lists_the_rule_with_its_metadata_and_test_counts()
    {
        _ws.WriteRule("root-console-login.tests.yml", TestFile);

        var result = _ws.Iota("rules", "list", "--rules", _ws.Rules, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement rule = Assert.Single(doc.RootElement.GetProperty("rules").EnumerateArray());
        Assert.Equal("Test.RootConsoleLogin", rule.GetProperty("id").GetString());
        Assert.Equal("HIGH", rule.GetProperty("severity").GetString());
        Assert.Equal("ConsoleLogin", Assert.Single(rule.GetProperty("event_names").EnumerateArray()).GetString());
        Assert.Equal("csharp", rule.GetProperty("language").GetString());
        Assert.Equal(Path.Combine(_ws.Rules, "root-console-login.csx"), rule.GetProperty("source").GetString());
        Assert.Equal(2, rule.GetProperty("test_cases").GetInt32());
        Assert.Equal(1, rule.GetProperty("positive_cases").GetInt32());
        Assert.Equal(1, rule.GetProperty("negative_cases").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public void Rules_list_reports_a_broken_rule_with_its_line()
    {
        string broken = _ws.WriteRule("broken.csx", "public sealed class B : Rule\n{\n    public override string Id => 7;\n    public override bool Match(Event e) => true;\n}\n");

        var result = _ws.Iota("rules", "list", "--rules", _ws.Rules, "--format", "json");

        Assert.True(result.ExitCode == 2, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        Assert.Single(doc.RootElement.GetProperty("rules").EnumerateArray());
        JsonElement error = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(broken, error.GetProperty("source").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Test_passes_and_exits_zero_when_every_case_passes()
    {
        _ws.WriteRule("root-console-login.tests.yml", TestFile);

        var result = _ws.Iota("test", _ws.Rules);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("2 passed, 0 failed", result.StdoutLines[^1]);
    }

    [Fact]
    public void Test_prints_the_failure_and_the_totals_and_exits_one()
    {
        _ws.WriteRule("root-console-login.tests.yml", TestFile + FailingCase);

        var result = _ws.Iota("test", _ws.Rules);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL Test.RootConsoleLogin :: wrongly expects a quiet root sign-in", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("expected no alert, the rule matched", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL Test.RootConsoleLogin :: root sign-in alerts", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("2 passed, 1 failed", result.StdoutLines[^1]);
    }

    [Fact]
    public void Test_as_json_prints_one_object_per_case()
    {
        _ws.WriteRule("root-console-login.tests.yml", TestFile + FailingCase);

        var result = _ws.Iota("test", _ws.Rules, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        List<JsonElement> cases = [.. result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.Equal(3, cases.Count);
        string[] fields = ["rule_id", "test_name", "expected", "matched", "passed", "error", "title", "dedup", "severity", "alert_context"];
        Assert.All(cases, c => Assert.All(fields, f => Assert.True(c.TryGetProperty(f, out _), $"case lacks {f}: {c}")));

        JsonElement pass = cases.Single(c => c.GetProperty("test_name").GetString() == "root sign-in alerts");
        Assert.Equal("Test.RootConsoleLogin", pass.GetProperty("rule_id").GetString());
        Assert.True(pass.GetProperty("expected").GetBoolean());
        Assert.True(pass.GetProperty("matched").GetBoolean());
        Assert.True(pass.GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pass.GetProperty("error").ValueKind);
        Assert.Equal("Root console login from 203.0.113.88", pass.GetProperty("title").GetString());
        Assert.Equal("Root console login from 203.0.113.88", pass.GetProperty("dedup").GetString());
        Assert.Equal("HIGH", pass.GetProperty("severity").GetString());
        Assert.Equal("No", pass.GetProperty("alert_context").GetProperty("mfa_used").GetString());

        JsonElement fail = cases.Single(c => c.GetProperty("test_name").GetString() == "wrongly expects a quiet root sign-in");
        Assert.False(fail.GetProperty("passed").GetBoolean());
        Assert.True(fail.GetProperty("matched").GetBoolean());
        Assert.False(fail.GetProperty("expected").GetBoolean());
        Assert.Equal("expected no alert, the rule matched", fail.GetProperty("error").GetString());

        JsonElement quiet = cases.Single(c => c.GetProperty("test_name").GetString() == "an IAM user does not");
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("alert_context").ValueKind);
    }

    [Fact]
    public void Test_reports_a_rule_without_cases_as_a_coverage_failure()
    {
        var result = _ws.Iota("test", _ws.Rules);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL Test.RootConsoleLogin :: (coverage)", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("0 passed, 1 failed", result.StdoutLines[^1]);
    }
}

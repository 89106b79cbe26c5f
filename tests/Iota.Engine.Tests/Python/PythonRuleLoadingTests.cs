using Iota.Engine.Python;
using Iota.Sdk;

namespace Iota.Engine.Tests.Python;

public sealed class PythonRuleLoadingTests
{
    [Fact]
    public async Task Iota_style_rules_load_with_their_defaults()
    {
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules));

        var rule = Assert.Single(host.Rules, r => r.Id == "root_console_login");
        Assert.Equal("python", rule.Language);
        Assert.Equal(Path.Combine(PythonFixtures.IotaRules, "root_console_login.py"), rule.Source);
        Assert.Equal(Severity.Info, rule.Severity);
        Assert.Equal(["AWS.CloudTrail"], rule.LogTypes);
        Assert.Equal(60, rule.DedupPeriodMinutes);
        Assert.True(rule.Enabled);
        Assert.DoesNotContain(host.Rules, r => r.Id == "cloudtrail_identity");
    }

    [Fact]
    public async Task A_file_that_fails_to_import_is_reported_with_its_line_and_the_rest_still_load()
    {
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules));

        var broken = Assert.Single(host.LoadErrors, e => e.Source.EndsWith("broken_import.py", StringComparison.Ordinal));
        Assert.Equal(8, broken.Line);
        Assert.Contains("JSONDecodeError", broken.Message, StringComparison.Ordinal);
        var notRule = Assert.Single(host.LoadErrors, e => e.Source.EndsWith("not_a_rule.py", StringComparison.Ordinal));
        Assert.Contains("no rule(event) function", notRule.Message, StringComparison.Ordinal);
        Assert.Equal(2, host.LoadErrors.Count);
        Assert.Contains(host.Rules, r => r.Id == "sleeper");
    }

    [Fact]
    public async Task Panther_rules_take_their_metadata_from_the_yml()
    {
        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.PantherRules));

        var rule = Assert.Single(host.Rules, r => r.Id == "Fixture.IAM.AdminPolicyAttached");
        Assert.Equal(Path.Combine(PythonFixtures.PantherRules, "admin_policy_attached.py"), rule.Source);
        Assert.Equal(Severity.Medium, rule.Severity);
        Assert.Equal(30, rule.DedupPeriodMinutes);
        Assert.Equal(["IAM", "Privilege Escalation"], rule.Tags);
        Assert.Equal("An administrator policy was attached to an IAM user.", rule.Description);
        Assert.Equal("Confirm the change with the actor.", rule.Runbook);
        Assert.StartsWith("https://docs.aws.amazon.com/", rule.Reference, StringComparison.Ordinal);
        Assert.Equal(2, host.Rules.Count);
        var unsupported = Assert.Single(host.LoadErrors);
        Assert.EndsWith("unsupported_policy.yml", unsupported.Source, StringComparison.Ordinal);
        Assert.Contains("policy", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_yaml_is_reported_with_line_and_column()
    {
        var rules = PythonFixtures.NewTempDirectory();
        await File.WriteAllTextAsync(Path.Combine(rules, "bad.yml"), "AnalysisType: rule\nFilename: bad.py\nRuleID: a: b\nSeverity: Low\n");
        await File.WriteAllTextAsync(Path.Combine(rules, "bad.py"), "def rule(event):\n    return True\n");

        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), rules));

        var error = Assert.Single(host.LoadErrors, e => e.Source.EndsWith("bad.yml", StringComparison.Ordinal));
        Assert.Equal(3, error.Line);
        Assert.NotNull(error.Column);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Rules);
    }

    [Fact]
    public async Task A_yml_with_bad_metadata_is_reported_and_the_other_rules_still_load()
    {
        var rules = PythonFixtures.NewTempDirectory();
        await File.WriteAllTextAsync(
            Path.Combine(rules, "bad_meta.yml"),
            "AnalysisType: rule\nFilename: bad_meta.py\nRuleID: Bad.Meta\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\nDedupPeriodMinutes: soon\n");
        await File.WriteAllTextAsync(Path.Combine(rules, "bad_meta.py"), "def rule(event):\n    return True\n");
        await File.WriteAllTextAsync(Path.Combine(rules, "fine.py"), "def rule(event):\n    return True\n");

        await using var host = await PythonRuleHost.StartAsync(PythonFixtures.Options(PythonFixtures.NewTempDirectory(), rules));

        var error = Assert.Single(host.LoadErrors);
        Assert.EndsWith("bad_meta.yml", error.Source, StringComparison.Ordinal);
        Assert.Contains("DedupPeriodMinutes must be a whole number, got 'soon'", error.Message, StringComparison.Ordinal);
        Assert.Equal("fine", Assert.Single(host.Rules).Id);
    }

    [Fact]
    public async Task A_missing_interpreter_fails_start_with_a_message_naming_it()
    {
        var options = PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules) with
        {
            PythonExecutable = "/nonexistent/python3",
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PythonRuleHost.StartAsync(options));

        Assert.Contains("/nonexistent/python3", error.Message, StringComparison.Ordinal);
    }
}

using Iota.Engine.Testing;
using Iota.Engine.Tests.Support;

namespace Iota.Engine.Tests.Testing;

/// <summary>Rule test cases run through the loaded rule set: pass, fail on each kind of mismatch, coverage gaps.</summary>
public sealed class RuleTestRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RuleSet _rules;

    public RuleTestRunnerTests()
    {
        _dir.Write("root.csx", """
            public sealed class RootLogin : Rule
            {
                public override string Id => "Test.RootLogin";
                public override Severity Severity => Severity.High;
                public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];
                public override bool Match(Event e) => e.UserIdentity.IsRoot;
                public override string Title(Event e) => "Root login from " + e.SourceIpAddress;
                public override string Dedup(Event e) => "root";
            }

            public sealed class Fragile : Rule
            {
                public override string Id => "Test.Fragile";
                public override bool Match(Event e) => e.Get("n").AsInt64() > 0 ? true : throw new InvalidOperationException("no n");
            }
            """);
        _rules = RuleLoader.Load([_dir.Path]);
        Assert.Empty(_rules.LoadErrors);
    }

    public void Dispose()
    {
        _rules.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Cases_pass_when_match_title_dedup_and_severity_agree()
    {
        var results = RuleTestRunner.Run(_rules, Cases("""
              - name: root
                expected: true
                title: Root login from 203.0.113.88
                dedup: root
                severity: HIGH
                event: {eventName: ConsoleLogin, sourceIPAddress: 203.0.113.88, userIdentity: {type: Root}}
              - name: iam user
                expected: false
                event: {eventName: ConsoleLogin, userIdentity: {type: IAMUser}}
              - name: prefilter keeps other events away
                expected: false
                event: {eventName: GetObject, userIdentity: {type: Root}}
            """));

        Assert.All(results, r => Assert.True(r.Passed, r.Error));
        RuleTestResult root = results[0];
        Assert.True(root.Matched);
        Assert.Equal("Root login from 203.0.113.88", root.Title);
        Assert.Equal("root", root.Dedup);
        Assert.Equal(Sdk.Severity.High, root.Severity);
        Assert.False(results[2].Matched);
    }

    [Theory]
    [InlineData("expected: true\n    title: Wrong title", "title: expected \"Wrong title\", got \"Root login from 203.0.113.88\"")]
    [InlineData("expected: true\n    dedup: other", "dedup: expected \"other\", got \"root\"")]
    [InlineData("expected: true\n    severity: low", "severity: expected LOW, got HIGH")]
    [InlineData("expected: false", "expected no alert, the rule matched")]
    public void A_mismatch_fails_the_case_and_says_what_differed(string expectation, string error)
    {
        var results = RuleTestRunner.Run(_rules, Cases($$$"""
              - name: case
                {{{expectation}}}
                event: {eventName: ConsoleLogin, sourceIPAddress: 203.0.113.88, userIdentity: {type: Root}}
            """));

        RuleTestResult result = Assert.Single(results);
        Assert.False(result.Passed);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void An_expected_alert_that_does_not_fire_fails()
    {
        RuleTestResult result = Assert.Single(RuleTestRunner.Run(_rules, Cases("""
              - name: case
                expected: true
                event: {eventName: ConsoleLogin, userIdentity: {type: IAMUser}}
            """)));

        Assert.False(result.Passed);
        Assert.False(result.Matched);
        Assert.Equal("expected an alert, the rule did not match", result.Error);
    }

    [Fact]
    public void A_rule_that_throws_fails_its_case_with_the_exception()
    {
        RuleTestResult result = Assert.Single(RuleTestRunner.Run(_rules, Cases("""
              - name: throws
                expected: false
                event: {eventName: X}
            """, "Test.Fragile")));

        Assert.False(result.Passed);
        Assert.Contains("no n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_for_an_unknown_rule_fails()
    {
        RuleTestResult result = Assert.Single(RuleTestRunner.Run(_rules, Cases("""
              - name: orphan
                expected: true
                event: {eventName: X}
            """, "Test.NoSuchRule")));

        Assert.False(result.Passed);
        Assert.Contains("Test.NoSuchRule", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_reports_rules_missing_a_positive_or_negative_case()
    {
        var results = RuleTestRunner.Run(_rules, Cases("""
              - name: root
                expected: true
                event: {eventName: ConsoleLogin, userIdentity: {type: Root}}
            """));

        var gaps = RuleTestRunner.Coverage(_rules.Rules, results);

        Assert.Equal(2, gaps.Count);
        RuleTestResult root = gaps.Single(g => g.RuleId == "Test.RootLogin");
        Assert.False(root.Passed);
        Assert.StartsWith("no case that must not alert", root.Error, StringComparison.Ordinal);
        Assert.Contains("root.csx", root.Error, StringComparison.Ordinal);
        Assert.StartsWith("no test cases", gaps.Single(g => g.RuleId == "Test.Fragile").Error, StringComparison.Ordinal);

        var complete = RuleTestRunner.Run(_rules, Cases("""
              - name: root
                expected: true
                event: {eventName: ConsoleLogin, userIdentity: {type: Root}}
              - name: user
                expected: false
                event: {eventName: ConsoleLogin, userIdentity: {type: IAMUser}}
            """));
        Assert.DoesNotContain(RuleTestRunner.Coverage(_rules.Rules, complete), g => g.RuleId == "Test.RootLogin");
    }

    private List<RuleTestCase> Cases(string tests, string ruleId = "Test.RootLogin")
    {
        string path = _dir.Write(Guid.NewGuid().ToString("N") + ".tests.yml", $"rule_id: {ruleId}\ntests:\n{tests}\n");
        var (cases, errors) = RuleTestFile.Load(path);
        Assert.Empty(errors);
        return [.. cases];
    }
}

using Iota.Engine;
using Iota.Engine.Testing;

namespace Iota.Rules.Tests;

/// <summary>Every bundled rule's test cases, one xunit test per case, run through the engine's dispatch path.</summary>
public class BundledRuleTests
{
    [Theory]
    [MemberData(nameof(BundledRuleCases.CaseNames), MemberType = typeof(BundledRuleCases))]
    public void Case(string ruleAndCase)
    {
        RuleTestCase test = BundledRuleCases.Cases.Single(c => $"{c.RuleId}: {c.Name}" == ruleAndCase);
        RuleTestResult result = RuleTestRunner.Run(BundledRuleCases.Rules, [test]).Single();
        Assert.True(result.Passed, $"{test.SourceFile}:{test.Line}: {result.Error}");
    }

    [Fact]
    public void Every_rule_file_and_test_file_loads()
    {
        Assert.Empty(BundledRuleCases.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Every_enabled_rule_has_a_positive_and_a_negative_case()
    {
        var results = RuleTestRunner.Run(BundledRuleCases.Rules, BundledRuleCases.Cases);
        var gaps = RuleTestRunner.Coverage(BundledRuleCases.Rules.Rules, results);
        Assert.Empty(gaps.Select(g => $"{g.RuleId}: {g.Error}"));
    }

    [Fact]
    public void Every_rule_carries_the_metadata_responders_need()
    {
        var incomplete = BundledRuleCases.Rules.Rules
            .Where(r => r.Description.Length == 0 || r.Runbook.Length == 0 || r.Reference.Length == 0 || r.Tags.Count == 0)
            .Select(r => r.Id);
        Assert.Empty(incomplete);
    }
}

using Iota.Engine;
using Iota.Engine.Testing;

namespace Iota.Rules.Tests;

/// <summary>Loads the bundled rules and their test files once, the way <c>iota test</c> does.</summary>
public static class BundledRuleCases
{
    private static readonly Lazy<(RuleSet Rules, IReadOnlyList<RuleTestCase> Cases, IReadOnlyList<RuleLoadError> Errors)> Loaded = new(() =>
    {
        string root = Path.Combine(AppContext.BaseDirectory, "rules");
        RuleSet rules = RuleLoader.Load([root]);
        var cases = new List<RuleTestCase>();
        var errors = new List<RuleLoadError>(rules.LoadErrors);
        foreach (string file in RuleTestFile.Discover([root]))
        {
            var (fileCases, fileErrors) = RuleTestFile.Load(file);
            cases.AddRange(fileCases);
            errors.AddRange(fileErrors);
        }

        return (rules, cases, errors);
    });

    public static RuleSet Rules => Loaded.Value.Rules;

    public static IReadOnlyList<RuleTestCase> Cases => Loaded.Value.Cases;

    public static IReadOnlyList<RuleLoadError> Errors => Loaded.Value.Errors;

    /// <summary>xunit member data: one row per case, named "rule id: case name".</summary>
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (RuleTestCase c in Cases)
        {
            data.Add($"{c.RuleId}: {c.Name}");
        }

        return data;
    }
}

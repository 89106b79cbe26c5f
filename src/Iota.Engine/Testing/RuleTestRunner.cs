using Iota.Sdk;

namespace Iota.Engine.Testing;

/// <summary>
/// Runs C# rule test cases through the production path: the loaded <see cref="RuleSet"/>, its dispatch
/// index (prefilters included), and the same title/dedup/severity/alert-context computation that alerts use.
/// </summary>
public static class RuleTestRunner
{
    /// <summary>Runs <paramref name="cases"/> against <paramref name="rules"/>.</summary>
    public static IReadOnlyList<RuleTestResult> Run(RuleSet rules, IEnumerable<RuleTestCase> cases)
    {
        var byId = rules.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var results = new List<RuleTestResult>();
        var matches = new List<RuleMatch>();
        foreach (RuleTestCase test in cases)
        {
            if (!byId.TryGetValue(test.RuleId, out RuleDescriptor? rule))
            {
                results.Add(Failed(test, $"no loaded rule has id {test.RuleId} ({test.SourceFile}:{test.Line})"));
                continue;
            }

            Event e;
            try
            {
                e = Event.Parse(test.EventUtf8);
            }
            catch (FormatException ex)
            {
                results.Add(Failed(test, $"{test.SourceFile}:{test.Line}: {ex.Message}"));
                continue;
            }

            matches.Clear();
            var errors = new RuleErrorLog();
            rules.Evaluate(e, rule.LogTypes.FirstOrDefault() ?? Rule.CloudTrail, matches, errors);
            RuleMatch? match = matches.Find(m => m.Rule.Id == test.RuleId);
            string? error = errors.Summary().FirstOrDefault(s => s.RuleId == test.RuleId).FirstMessage;
            results.Add(Judge(test, match, error));
        }

        return results;
    }

    /// <summary>
    /// One failing result for each rule in <paramref name="rules"/> that lacks a case expected to alert or a
    /// case expected not to: a rule is only proven when both sides are tested.
    /// </summary>
    public static IReadOnlyList<RuleTestResult> Coverage(IEnumerable<RuleDescriptor> rules, IEnumerable<RuleTestResult> results)
    {
        var byRule = results.ToLookup(r => r.RuleId, StringComparer.Ordinal);
        var gaps = new List<RuleTestResult>();
        foreach (RuleDescriptor rule in rules.Where(r => r.Enabled))
        {
            bool positive = byRule[rule.Id].Any(r => r.Expected);
            bool negative = byRule[rule.Id].Any(r => !r.Expected);
            if (!positive || !negative)
            {
                string missing = !positive && !negative ? "no test cases" : !positive ? "no case that must alert" : "no case that must not alert";
                gaps.Add(new RuleTestResult
                {
                    RuleId = rule.Id,
                    TestName = "(coverage)",
                    Expected = true,
                    Matched = false,
                    Passed = false,
                    Error = $"{missing}; add them to a {RuleTestFile.Suffix} file beside {Path.GetFileName(rule.Source)}",
                });
            }
        }

        return gaps;
    }

    /// <summary>Judges one case from the match (or none) the rule produced and the error it raised, if any.</summary>
    public static RuleTestResult Judge(RuleTestCase test, RuleMatch? match, string? ruleError)
    {
        bool matched = match is not null;
        var problems = new List<string>();
        if (ruleError is not null)
        {
            problems.Add(ruleError);
        }

        if (matched != test.Expected)
        {
            problems.Add(test.Expected ? "expected an alert, the rule did not match" : "expected no alert, the rule matched");
        }
        else if (matched)
        {
            if (test.Title is not null && test.Title != match!.Title)
            {
                problems.Add($"title: expected \"{test.Title}\", got \"{match.Title}\"");
            }

            if (test.Dedup is not null && test.Dedup != match!.Dedup)
            {
                problems.Add($"dedup: expected \"{test.Dedup}\", got \"{match.Dedup}\"");
            }

            if (test.Severity is not null && test.Severity != match!.Severity)
            {
                problems.Add($"severity: expected {test.Severity.Value.ToString().ToUpperInvariant()}, got {match.Severity.ToString().ToUpperInvariant()}");
            }
        }

        return new RuleTestResult
        {
            RuleId = test.RuleId,
            TestName = test.Name,
            Expected = test.Expected,
            Matched = matched,
            Passed = problems.Count == 0,
            Error = problems.Count == 0 ? null : string.Join("; ", problems),
            Title = match?.Title,
            Dedup = match?.Dedup,
            Severity = match?.Severity,
            AlertContextJson = match?.AlertContextJson,
        };
    }

    private static RuleTestResult Failed(RuleTestCase test, string error) => new()
    {
        RuleId = test.RuleId,
        TestName = test.Name,
        Expected = test.Expected,
        Matched = false,
        Passed = false,
        Error = error,
    };
}

using System.CommandLine;
using System.Text.Json;
using Iota.Cli.Internal;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Engine.Testing;
using Iota.Pipeline.Outputs;

namespace Iota.Cli.Commands;

/// <summary><c>iota test [PATH...] [--rule ID]... [--format text|json]</c></summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Rule folders (default: the bundled rules).", Arity = ArgumentArity.ZeroOrMore };
        var ruleIds = new Option<string[]>("--rule") { Description = "Only this rule id; repeatable.", AllowMultipleArgumentsPerToken = false };
        var format = CommonOptions.Format("text", "json");
        var command = new Command("test", "Run rule test cases through the engine and report each case.") { paths, ruleIds, format };
        command.SetAction((parse, cancel) => RunAsync(CliPaths.RuleFolders(parse.GetValue(paths)), parse.GetValue(ruleIds) ?? [], parse.GetValue(format)!, cancel));
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> folders, string[] onlyRules, string format, CancellationToken cancel)
    {
        RuleSet set = RuleLoader.LoadOnce(folders);
        RuleReporting.ReportLoadErrors(set);
        await using PythonRuleHost? python = await PythonRules.StartAsync(set, stateDirectory: null, cancel).ConfigureAwait(false);
        IReadOnlyList<RuleDescriptor> allRules = [.. set.Rules, .. python?.Rules ?? []];
        int loadErrors = set.LoadErrors.Count + (python?.LoadErrors.Count ?? 0);
        var selected = new HashSet<string>(onlyRules, StringComparer.Ordinal);
        bool Wanted(string id) => selected.Count == 0 || selected.Contains(id);

        var cases = new List<RuleTestCase>();
        var results = new List<RuleTestResult>();
        foreach (string file in RuleTestFile.Discover(folders))
        {
            var (fileCases, errors) = RuleTestFile.Load(file);
            cases.AddRange(fileCases.Where(c => Wanted(c.RuleId)));
            foreach (RuleLoadError error in errors)
            {
                results.Add(new RuleTestResult { RuleId = "(file)", TestName = error.ToString(), Expected = true, Matched = false, Passed = false, Error = error.Message });
            }
        }

        var pythonIds = new HashSet<string>(python?.Rules.Select(r => r.Id) ?? [], StringComparer.Ordinal);
        results.AddRange(RuleTestRunner.Run(set, cases.Where(c => !pythonIds.Contains(c.RuleId))));
        if (python is not null)
        {
            results.AddRange(await RunPythonCasesAsync(python, cases.Where(c => pythonIds.Contains(c.RuleId)), cancel).ConfigureAwait(false));
            results.AddRange(await python.RunTestsAsync(selected, cancel).ConfigureAwait(false));
        }

        results.AddRange(RuleTestRunner.Coverage(allRules.Where(r => Wanted(r.Id)), results));
        foreach (string missing in selected.Where(id => allRules.All(r => r.Id != id)))
        {
            results.Add(new RuleTestResult { RuleId = missing, TestName = "(selection)", Expected = true, Matched = false, Passed = false, Error = "no loaded rule has this id" });
        }

        if (format == "json")
        {
            WriteJson(results);
        }
        else
        {
            WriteText(results);
        }

        int failed = results.Count(r => !r.Passed);
        return failed == 0 && loadErrors == 0 ? ExitCodes.Ok : ExitCodes.Usage;
    }

    /// <summary>Cases from <c>*.tests.yml</c> files for Python rules, evaluated through the worker pool.</summary>
    private static async Task<List<RuleTestResult>> RunPythonCasesAsync(PythonRuleHost python, IEnumerable<RuleTestCase> cases, CancellationToken cancel)
    {
        var byId = python.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var results = new List<RuleTestResult>();
        foreach (RuleTestCase test in cases)
        {
            RuleDescriptor rule = byId[test.RuleId];
            string logType = rule.LogTypes.FirstOrDefault() ?? Iota.Sdk.Rule.CloudTrail;
            PythonEvaluation evaluation = await python.EvaluateAsync([(test.EventUtf8, logType)], cancel).ConfigureAwait(false);
            RuleMatch? match = evaluation.Matches.Where(m => m.RuleId == test.RuleId)
                .Select(m => new RuleMatch(rule, m.Title, m.Dedup, m.Severity, m.AlertContextJson, test.EventUtf8, null, logType))
                .FirstOrDefault();
            string? error = evaluation.Errors.FirstOrDefault(e => e.Error.RuleId == test.RuleId)?.Error.Message;
            results.Add(RuleTestRunner.Judge(test, match, error));
        }

        return results;
    }

    private static void WriteText(List<RuleTestResult> results)
    {
        foreach (RuleTestResult failure in results.Where(r => !r.Passed))
        {
            Console.WriteLine($"FAIL {failure.RuleId} :: {failure.TestName}");
            Console.WriteLine($"     {failure.Error}");
        }

        Console.WriteLine($"{results.Count(r => r.Passed)} passed, {results.Count(r => !r.Passed)} failed");
    }

    private static void WriteJson(List<RuleTestResult> results)
    {
        using Stream stdout = Console.OpenStandardOutput();
        foreach (RuleTestResult r in results)
        {
            using (var writer = new Utf8JsonWriter(stdout))
            {
                writer.WriteStartObject();
                writer.WriteString("rule_id", r.RuleId);
                writer.WriteString("test_name", r.TestName);
                writer.WriteBoolean("expected", r.Expected);
                writer.WriteBoolean("matched", r.Matched);
                writer.WriteBoolean("passed", r.Passed);
                WriteNullable(writer, "error", r.Error);
                WriteNullable(writer, "title", r.Title);
                WriteNullable(writer, "dedup", r.Dedup);
                WriteNullable(writer, "severity", r.Severity is { } s ? AlertJson.SeverityName(s) : null);
                writer.WritePropertyName("alert_context");
                if (r.AlertContextJson is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteRawValue(r.AlertContextJson);
                }

                writer.WriteEndObject();
            }

            stdout.WriteByte((byte)'\n');
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

using System.CommandLine;
using System.Text.Json;
using Iota.Cli.Internal;
using Iota.Engine;
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
        command.SetAction(parse => Run(CliPaths.RuleFolders(parse.GetValue(paths)), parse.GetValue(ruleIds) ?? [], parse.GetValue(format)!));
        return command;
    }

    private static int Run(IReadOnlyList<string> folders, string[] onlyRules, string format)
    {
        RuleSet set = RuleLoader.Load(folders);
        RuleReporting.ReportLoadErrors(set);
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

        results.AddRange(RuleTestRunner.Run(set, cases));
        results.AddRange(RuleTestRunner.Coverage(set.Rules.Where(r => Wanted(r.Id) && r.Language == "csharp"), results));
        foreach (string missing in selected.Where(id => set.Rules.All(r => r.Id != id)))
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
        return failed == 0 && set.LoadErrors.Count == 0 ? ExitCodes.Ok : ExitCodes.Usage;
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

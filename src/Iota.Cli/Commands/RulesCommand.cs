using System.CommandLine;
using System.Text.Json;
using Iota.Cli.Internal;
using Iota.Engine;
using Iota.Engine.Testing;
using Iota.Pipeline.Outputs;
using Spectre.Console;

namespace Iota.Cli.Commands;

/// <summary><c>iota rules list [--rules DIR]... [--format table|json]</c></summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var rules = CommonOptions.Rules();
        var format = CommonOptions.Format("table", "json");
        var list = new Command("list", "List every loaded rule with its metadata and test-case counts, and every load error.") { rules, format };
        list.SetAction(parse => List(CliPaths.RuleFolders(parse.GetValue(rules)), parse.GetValue(format)!));
        return new Command("rules", "Inspect rules.") { list };
    }

    private static int List(IReadOnlyList<string> folders, string format)
    {
        RuleSet set = RuleLoader.LoadOnce(folders);
        var cases = RuleTestFile.Discover(folders)
            .SelectMany(f => RuleTestFile.Load(f).Cases)
            .ToLookup(c => c.RuleId, StringComparer.Ordinal);

        if (format == "json")
        {
            using var stdout = Console.OpenStandardOutput();
            using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteStartArray("rules");
            foreach (RuleDescriptor rule in set.Rules)
            {
                WriteRule(writer, rule, cases[rule.Id].ToList());
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            foreach (RuleLoadError error in set.LoadErrors)
            {
                writer.WriteStartObject();
                writer.WriteString("source", error.Source);
                writer.WriteNumber("line", error.Line ?? 0);
                writer.WriteNumber("column", error.Column ?? 0);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Rule", "Severity", "Prefilter", "Dedup", "Threshold", "Tests", "Enabled", "Language");
            foreach (RuleDescriptor rule in set.Rules.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                var ruleCases = cases[rule.Id].ToList();
                string prefilter = rule.EventNames.Count > 0 ? string.Join(", ", rule.EventNames.Take(3)) + (rule.EventNames.Count > 3 ? ", …" : "")
                    : rule.EventSources.Count > 0 ? string.Join(", ", rule.EventSources) : "(every event)";
                table.AddRow(
                    Markup.Escape(rule.Id), AlertJson.SeverityName(rule.Severity), Markup.Escape(prefilter),
                    $"{rule.DedupPeriodMinutes}m", rule.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{ruleCases.Count(c => c.Expected)}+/{ruleCases.Count(c => !c.Expected)}-",
                    rule.Enabled ? "yes" : "no", rule.Language);
            }

            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{set.Rules.Count} rules ({set.Rules.Count(r => r.Enabled)} enabled), {set.LoadErrors.Count} load errors");
            RuleReporting.ReportLoadErrors(set);
        }

        return set.LoadErrors.Count > 0 ? ExitCodes.InputFailed : ExitCodes.Ok;
    }

    private static void WriteRule(Utf8JsonWriter writer, RuleDescriptor rule, List<RuleTestCase> cases)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("severity", AlertJson.SeverityName(rule.Severity));
        WriteList(writer, "log_types", rule.LogTypes);
        WriteList(writer, "event_sources", rule.EventSources);
        WriteList(writer, "event_names", rule.EventNames);
        writer.WriteNumber("dedup_period_minutes", rule.DedupPeriodMinutes);
        writer.WriteNumber("threshold", rule.Threshold);
        writer.WriteString("description", rule.Description);
        writer.WriteString("runbook", rule.Runbook);
        writer.WriteString("reference", rule.Reference);
        WriteList(writer, "tags", rule.Tags);
        writer.WriteBoolean("enabled", rule.Enabled);
        writer.WriteString("language", rule.Language);
        writer.WriteString("source", rule.Source);
        writer.WriteNumber("test_cases", cases.Count);
        writer.WriteNumber("positive_cases", cases.Count(c => c.Expected));
        writer.WriteNumber("negative_cases", cases.Count(c => !c.Expected));
        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}

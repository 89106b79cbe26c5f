using Iota.Cli.Internal;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Iota.Pipeline;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Spectre.Console;

namespace Iota.Cli.Commands;

/// <summary><c>iota alerts list [--state DIR] [--since TIME] [--rule ID] [--format table|json]</c>.</summary>
public static class AlertsCommand
{
    /// <summary>Builds the <c>alerts</c> command; <paramref name="time"/> resolves relative <c>--since</c> values.</summary>
    public static Command Create(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var state = StateDirectoryOption.Create();
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only alerts seen at or after TIME: an ISO 8601 time (UTC unless it says otherwise) or an age such as 30m, 12h, 7d.",
            HelpName = "TIME",
            CustomParser = result => ParseSince(result, time),
        };
        var rule = new Option<string?>("--rule") { Description = "Only alerts from this rule id.", HelpName = "ID" };
        var format = CommonOptions.Format("table", "json");

        var list = new Command("list", "List stored alerts, newest first, with how many matches each has counted.")
        {
            state, since, rule, format,
        };
        list.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var stateDirectory = parseResult.GetRequiredValue(state);
            if (!StateDatabase.Exists(stateDirectory))
            {
                parseResult.InvocationConfiguration.Error.WriteLine(
                    $"No alert state in {stateDirectory} (no {StateDatabase.FileName}). Pass the --state directory iota ran with.");
                return 1;
            }

            using var database = StateDirectoryOption.Open(parseResult, stateDirectory);
            if (database is null)
            {
                return 1;
            }

            var alerts = new AlertStore(database).List(parseResult.GetValue(since), parseResult.GetValue(rule));
            if (parseResult.GetRequiredValue(format) == "json")
            {
                foreach (var alert in alerts)
                {
                    output.WriteLine(AlertJson.Serialize(alert));
                }
            }
            else
            {
                WriteTable(output, alerts);
            }

            return 0;
        });

        return new Command("alerts", "Inspect the alerts iota has raised.") { list };
    }

    private static DateTimeOffset? ParseSince(ArgumentResult result, TimeProvider time)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        if (text.Length > 1 &&
            double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) &&
            amount >= 0)
        {
            TimeSpan? age = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (age is { } ago)
            {
                return time.GetUtcNow() - ago;
            }
        }

        if (DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var moment))
        {
            return moment;
        }

        result.AddError($"--since '{text}' is neither an ISO 8601 time (2026-03-01T12:00:00Z) nor an age (30m, 12h, 7d).");
        return null;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count == 0)
        {
            output.WriteLine("No alerts.");
            return;
        }

        var console = PlainConsole.Over(output);
        var table = new Table()
            .AddColumn("First seen (UTC)")
            .AddColumn("Last seen (UTC)")
            .AddColumn("Severity")
            .AddColumn("Rule")
            .AddColumn(new TableColumn("Count").RightAligned())
            .AddColumn("Title")
            .AddColumn("Alert id");
        foreach (var alert in alerts)
        {
            table.AddRow(
                Markup.Escape(Time(alert.FirstSeen)),
                Markup.Escape(Time(alert.LastSeen)),
                AlertJson.SeverityName(alert.Severity),
                Markup.Escape(alert.RuleId),
                alert.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(alert.Title),
                Markup.Escape(alert.AlertId));
        }

        console.Write(table);
    }

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

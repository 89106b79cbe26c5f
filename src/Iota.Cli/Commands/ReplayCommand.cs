using System.CommandLine;
using Iota.Cli.Internal;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Pipeline;
using Iota.Pipeline.Lake;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;

namespace Iota.Cli.Commands;

/// <summary>
/// <c>iota replay [PATH... | --lake DIR|s3://...] [--last 7d | --start T --end T] [--rules DIR]... [--notify]</c>:
/// backtests the current rules over past events. Matches go through alert dedup in a throwaway state, and the
/// alerts that would have been raised are printed as JSON lines, or with <c>--notify</c> sent to the outputs.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Log files or folders instead of a lake (searched recursively).", Arity = ArgumentArity.ZeroOrMore };
        var lake = LakeLocation.Option("Replay the lake at this folder or s3://bucket/prefix (only the partitions in the range are read).");
        var last = TimeRange.Last();
        var start = TimeRange.StartOption();
        var end = TimeRange.EndOption();
        var rules = CommonOptions.Rules();
        var notify = new Option<bool>("--notify") { Description = "Send the alerts to the configured outputs instead of only printing them." };
        var outputs = CommonOptions.Outputs();
        var config = CommonOptions.Config();
        var workers = CommonOptions.Workers();
        var command = new Command("replay", "Run the current rules over past events (a lake or log files) and print the alerts they would have raised.")
        {
            paths, lake, last, start, end, rules, notify, outputs, config, workers,
        };
        command.SetAction((parse, cancel) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            TimeRange range;
            IotaConfig outputsConfig;
            try
            {
                range = TimeRange.From(parse.GetValue(last), parse.GetValue(start), parse.GetValue(end), DateTimeOffset.UtcNow);
                outputsConfig = CommonOptions.LoadOutputs(parse.GetValue(config), parse.GetValue(outputs) ?? []);
            }
            catch (Exception ex) when (ex is FormatException or IotaConfigException)
            {
                error.WriteLine($"iota replay: {ex.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            string[] inputs = parse.GetValue(paths) ?? [];
            string? lakeLocation = parse.GetValue(lake);
            if ((inputs.Length == 0) == (lakeLocation is null))
            {
                error.WriteLine("iota replay: give either log PATHs or --lake, not both or neither");
                return Task.FromResult(ExitCodes.Usage);
            }

            return RunAsync(
                new ReplaySettings(inputs, lakeLocation, range, CliPaths.RuleFolders(parse.GetValue(rules)), parse.GetValue(notify), outputsConfig, parse.GetValue(workers)),
                output, error, cancel);
        });
        return command;
    }

    private static async Task<int> RunAsync(ReplaySettings settings, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (settings.Lake is { } lake && LakeLocation.Absent(lake) is string absent)
        {
            error.WriteLine($"iota replay: {absent}");
            return ExitCodes.Usage;
        }

        List<string> files;
        int inputErrors = 0;
        try
        {
            files = settings.Lake is null ? ExpandPaths(settings.Paths, error, ref inputErrors) : LakeFiles(settings.Lake, settings.Range);
        }
        catch (LakeStoreException ex)
        {
            error.WriteLine($"iota replay: {ex.Message}");
            return ExitCodes.InputFailed;
        }

        RuleSet ruleSet = RuleLoader.LoadOnce(settings.RuleFolders);
        int loadErrors = RuleReporting.ReportLoadErrors(ruleSet);
        using var engine = new RuleEngine(ruleSet);
        engine.Errors.FirstError += e => error.WriteLine($"rule {e.RuleId} failed: {e.Message} (further failures are counted)");
        await using PythonRuleHost? python = await PythonRules.StartAsync(ruleSet, null, cancel).ConfigureAwait(false);
        loadErrors += python?.LoadErrors.Count ?? 0;

        // A throwaway state: replays never touch the dedup or alert state of real runs.
        using StateDatabase database = StateDatabase.Open(null);
        using EventFilter filter = EventFilter.Open(null);
        var store = new AlertStore(database);
        var processor = new UnitProcessor(engine, filter, alerts: null, routes: [], python);
        IReadOnlyList<OutputRoute> routes = settings.Notify ? settings.Outputs.Routes : [];
        long events = 0, matches = 0, skipped = 0;
        var runner = new FileRunner(processor, settings.Workers);
        runner.FileDone += result =>
        {
            foreach (InputError problem in result.Errors)
            {
                error.WriteLine(problem.ToString());
            }

            // Lake partitions are whole hours and log files hold any time: only matches inside the range count.
            var inRange = result.Outcome.Matches.Where(m => settings.Range.Contains(m.EventTime)).ToList();
            Interlocked.Add(ref skipped, result.Outcome.Matches.Count - inRange.Count);
            Interlocked.Add(ref events, result.Outcome.Events);
            Interlocked.Add(ref matches, inRange.Count);
            Interlocked.Add(ref inputErrors, result.Errors.Count);
            store.CommitUnit("replay:" + result.Unit, inRange, routes, DateTimeOffset.UtcNow);
        };

        bool interrupted = false;
        try
        {
            await Task.Run(() => runner.Run(files, cancel), cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            error.WriteLine("iota replay: interrupted; the alerts so far follow");
            interrupted = true;
        }

        IReadOnlyList<Alert> alerts = [.. store.List().OrderBy(a => a.FirstSeen).ThenBy(a => a.RuleId, StringComparer.Ordinal)];
        if (settings.Notify)
        {
            using var http = new HttpClient();
            using var forwarder = new Forwarder(database, settings.Outputs.CreateOutputs(http, output));
            forwarder.DeliveryFailed += failure => error.WriteLine($"iota replay: {failure}");
            DrainResult drained = await forwarder.DrainAsync(TimeSpan.FromMinutes(2), CancellationToken.None).ConfigureAwait(false);
            if (!drained.Succeeded)
            {
                error.WriteLine($"iota replay: {drained.Pending} alert deliveries could not be made");
            }
        }
        else
        {
            foreach (Alert alert in alerts)
            {
                output.WriteLine(AlertJson.Serialize(alert));
            }
        }

        error.WriteLine(
            $"replayed {files.Count} files, {events:N0} events{(skipped > 0 ? $" ({skipped:N0} matches outside the range ignored)" : "")}: " +
            $"{matches:N0} matches, {alerts.Count:N0} alerts{(settings.Notify ? " sent to outputs" : " (not sent; --notify sends them)")}, rule errors {engine.Errors.Total}");
        return interrupted ? ExitCodes.Interrupted : inputErrors > 0 || loadErrors > 0 ? ExitCodes.InputFailed : ExitCodes.Ok;
    }

    private static List<string> ExpandPaths(string[] paths, TextWriter error, ref int inputErrors)
    {
        var (files, missing) = InputFiles.Expand(paths);
        foreach (string path in missing)
        {
            error.WriteLine($"{path}: no such file or folder");
            inputErrors++;
        }

        return files;
    }

    private static List<string> LakeFiles(string lake, TimeRange range)
    {
        ILakeStore store = LakeLocation.OpenStore(lake);
        try
        {
            return [.. LakeTables.All.SelectMany(t => LakeQuery.SelectFiles(store, t.Table, range.Start, range.End)).Select(store.Fetch)];
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private sealed record ReplaySettings(
        string[] Paths, string? Lake, TimeRange Range, IReadOnlyList<string> RuleFolders, bool Notify, IotaConfig Outputs, int? Workers);
}

using System.CommandLine;
using System.Diagnostics;
using Iota.Cli.Internal;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Pipeline;
using Iota.Pipeline.Lake;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Microsoft.Data.Sqlite;

namespace Iota.Cli.Commands;

/// <summary><c>iota run PATH... [--rules DIR]... [--state DIR] [--watch] [--matches] [--output SPEC]...</c></summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Log files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        // PATH takes any number of tokens, so System.CommandLine hands it a mistyped option ("--stat") instead of
        // rejecting it; without this it would be read as a missing file and the run would go ahead without it.
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                {
                    result.AddError($"Unrecognized option '{token.Value}'.");
                }
            }
        });
        var rules = CommonOptions.Rules();
        var state = new Option<string?>("--state") { Description = "Keep dedup state here between runs (default: dedup within this run only)." };
        var watch = new Option<bool>("--watch") { Description = "Keep running: reload changed rules and process new or changed files." };
        var matches = new Option<bool>("--matches") { Description = "Print every rule match (before alert dedup) instead of alerts." };
        var outputs = CommonOptions.Outputs();
        var config = CommonOptions.Config();
        var workers = CommonOptions.Workers();
        var pythonWorkers = CommonOptions.AtLeastOne(new Option<int?>("--python-workers") { Description = "python3 worker processes for Python rules (default: one per core)." });
        var lake = LakeLocation.Option("Also write every new event to this lake: a folder or s3://bucket/prefix.");
        var lakeFlushSeconds = CommonOptions.AtLeastOne(new Option<int>("--lake-flush-seconds") { Description = "Write a lake partition's buffered events at most this long after the first.", DefaultValueFactory = _ => 60 });
        var lakeBufferMb = CommonOptions.AtLeastOne(new Option<int>("--lake-buffer-mb") { Description = "Write a lake partition's buffered events once they reach this size.", DefaultValueFactory = _ => 50 });
        var command = new Command("run", "Run the rules over local log files and print alerts as JSON lines.")
        {
            paths, rules, state, watch, matches, outputs, config, workers, pythonWorkers, lake, lakeFlushSeconds, lakeBufferMb,
        };
        command.SetAction((parse, cancel) => RunAsync(new RunSettings(
            parse.GetValue(paths)!, CliPaths.RuleFolders(parse.GetValue(rules)), parse.GetValue(state), parse.GetValue(watch),
            parse.GetValue(matches), parse.GetValue(outputs) ?? [], parse.GetValue(config), parse.GetValue(workers),
            parse.GetValue(pythonWorkers), parse.GetValue(lake), TimeSpan.FromSeconds(parse.GetValue(lakeFlushSeconds)),
            parse.GetValue(lakeBufferMb) * 1024L * 1024L), cancel));
        return command;
    }

    private static async Task<int> RunAsync(RunSettings settings, CancellationToken cancel)
    {
        // Start-up (rules, state) leaves a core idle: the code every file runs through is compiled there meanwhile.
        _ = Task.Run(EventBatch.WarmUp, CancellationToken.None);
        IotaConfig outputsConfig;
        try
        {
            outputsConfig = CommonOptions.LoadOutputs(settings.Config, settings.Outputs);
        }
        catch (IotaConfigException ex)
        {
            Stderr.Line($"iota: {ex.Message}");
            return ExitCodes.Usage;
        }

        if (settings.Watch)
        {
            _ = RuleLoader.WarmUpCompilerAsync();
        }

        var (files, missing) = InputFiles.Expand(settings.Paths);
        int inputErrors = 0;
        foreach (string path in missing)
        {
            Stderr.Line($"{path}: no such file or folder");
            inputErrors++;
        }

        // The state (SQLite, a bloom filter of tens of MB) opens while the rules load: neither needs the other, and
        // both are start-up time every run pays.
        Task<(StateDatabase Database, EventFilter Filter)> opening = Task.Run(() =>
        {
            StateDatabase opened = StateDatabase.Open(settings.State);
            try
            {
                return (opened, EventFilter.Open(settings.State, warn: m => Stderr.Line($"iota: {m}")));
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        }, CancellationToken.None);
        // Only --watch swaps rules mid-run; otherwise they load once, and a published plugin's precompiled code runs.
        RuleSet ruleSet = settings.Watch ? RuleLoader.Load(settings.RuleFolders) : RuleLoader.LoadOnce(settings.RuleFolders);
        int loadErrors = RuleReporting.ReportLoadErrors(ruleSet);
        using var engine = new RuleEngine(ruleSet);
        engine.Errors.FirstError += error => Stderr.Line($"rule {error.RuleId} failed: {error.Message} (further failures are counted)");

        await using PythonRuleHost? python = await PythonRules.StartAsync(ruleSet, settings.State, cancel, settings.PythonWorkers).ConfigureAwait(false);
        loadErrors += python?.LoadErrors.Count ?? 0;
        StateDatabase openedDatabase;
        EventFilter openedFilter;
        try
        {
            (openedDatabase, openedFilter) = await opening.ConfigureAwait(false);
        }
        catch (StateUnavailableException ex)
        {
            Stderr.Line($"iota: {ex.Message}");
            return ExitCodes.Usage;
        }

        using StateDatabase database = openedDatabase;
        using EventFilter filter = openedFilter;
        AlertStore? store = settings.Matches ? null : new AlertStore(database);
        LakeWriter? openedLake;
        try
        {
            openedLake = settings.Lake is null ? null : new LakeWriter(
                LakeLocation.OpenStore(settings.Lake),
                new LakeWriterOptions
                {
                    StagingDirectory = LakeLocation.StagingDirectory(settings.Lake, settings.State),
                    FlushInterval = settings.LakeFlushInterval,
                    MaxBufferBytes = settings.LakeBufferBytes,
                });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Stderr.Line($"iota: cannot use the lake {settings.Lake}: {ex.Message}");
            return ExitCodes.Usage;
        }

        using LakeWriter? lakeWriter = openedLake;
        if (lakeWriter is not null)
        {
            lakeWriter.FlushFailed += message => Stderr.Line($"iota: {message}");
        }

        var processor = new UnitProcessor(engine, filter, store, outputsConfig.Routes, python, lake: lakeWriter);

        using var http = new HttpClient();
        var stdout = Console.Out;
        IReadOnlyList<IAlertOutput> alertOutputs = outputsConfig.CreateOutputs(http, stdout);
        using var forwarder = new Forwarder(database, alertOutputs);
        forwarder.DeliveryFailed += failure => Stderr.Line($"iota: {failure}");
        using var stopForwarder = new CancellationTokenSource();
        Task forwarding = settings.Matches ? Task.CompletedTask : forwarder.RunAsync(stopForwarder.Token);

        var summary = new RunSummary(files.Count);
        var runner = new FileRunner(processor, settings.Workers);
        runner.FileDone += result =>
        {
            foreach (InputError error in result.Errors)
            {
                Stderr.Line(error.ToString());
            }

            if (settings.Matches)
            {
                MatchPrinter.Print(stdout, result.Outcome.Matches);
            }
            else if (result.Outcome.Alerts.Count > 0)
            {
                forwarder.Notify();
            }

            summary.Add(result);
        };

        using var progress = summary.StartProgress();
        bool stateFailed = false, interrupted = false;
        try
        {
            await Task.Run(() => runner.Run(files, cancel), cancel).ConfigureAwait(false);
            if (settings.Watch)
            {
                await WatchAsync(settings, engine, runner, summary, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Stderr.Line("iota: interrupted; state is saved and undelivered alerts stay queued");
            interrupted = !settings.Watch;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.FirstOrDefault(e => e is SqliteException) is SqliteException failure)
        {
            // A full disk or a lost volume fails every commit after it: stop, and let what was committed still go out.
            Stderr.Line($"iota: stopped: {StateName(settings)} cannot be written ({failure.Message}); the files not committed are read again by the next run");
            stateFailed = true;
        }

        progress.Dispose();
        summary.ProcessingDone();

        // Every unit is remembered by now: the seen-events filter's file (tens of MB) is written while alerts drain.
        Task saving = Task.Run(filter.Save, CancellationToken.None);
        FlushLake(lakeWriter);
        await stopForwarder.CancelAsync().ConfigureAwait(false);
        try
        {
            await forwarding.ConfigureAwait(false);
            if (!settings.Matches)
            {
                DrainResult drained = await forwarder.DrainAsync(TimeSpan.FromMinutes(2), CancellationToken.None).ConfigureAwait(false);
                if (!drained.Succeeded)
                {
                    Stderr.Line($"iota: {drained.Pending} alert deliveries are still pending" + (settings.State is null
                        ? "; without --state they are lost when iota exits (with --state DIR they are kept and retried on the next run)"
                        : "; they are kept and retried on the next run"));
                }
            }
        }
        catch (SqliteException ex)
        {
            // The outbox cannot record deliveries: what it holds goes out on the next run (an alert already handed to an
            // output but not yet marked as delivered goes again, with the same alert_id).
            Stderr.Line($"iota: alert delivery stopped: {StateName(settings)} cannot be written ({ex.Message}); queued alerts are delivered by the next run");
            stateFailed = true;
        }

        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await saving.ConfigureAwait(false);
        Stderr.Line(summary.Describe(engine.Errors));
        inputErrors += summary.InputErrors;
        return stateFailed ? ExitCodes.Usage
            : interrupted ? ExitCodes.Interrupted
            : inputErrors > 0 || loadErrors > 0 ? ExitCodes.InputFailed
            : ExitCodes.Ok;
    }

    private static string StateName(RunSettings settings) =>
        settings.State is null ? "the in-memory state" : $"the state database in {Path.GetFullPath(settings.State)}";

    private static void FlushLake(LakeWriter? lake)
    {
        if (lake is null)
        {
            return;
        }

        try
        {
            lake.Flush();
            Stderr.Line($"iota: lake: {lake.RowsStaged:N0} events in {lake.FilesWritten:N0} files under {lake.Store.Location}");
        }
        catch (Exception ex) when (FileSystemFailure.Is(ex))
        {
            Stderr.Line($"iota: {ex.Message}");
        }
    }

    /// <summary>Keeps the rules hot-reloaded and processes files that appear or change, until cancelled.</summary>
    private static async Task WatchAsync(RunSettings settings, RuleEngine engine, FileRunner runner, RunSummary summary, CancellationToken cancel)
    {
        using var rules = new RuleWatcher(engine, settings.RuleFolders);
        rules.Reloaded += set =>
        {
            Stderr.Line($"iota: rules reloaded: {set.Rules.Count} rules, {set.LoadErrors.Count} load errors");
            RuleReporting.ReportLoadErrors(set);
        };
        using var inputs = new InputWatcher(settings.Paths);
        Stderr.Line("iota: watching for rule and log changes; Ctrl+C to stop");
        await foreach (IReadOnlyList<string> changed in inputs.ReadAllAsync(cancel).ConfigureAwait(false))
        {
            summary.AddFiles(changed.Count);
            runner.Run(changed, cancel);
        }
    }

    private sealed record RunSettings(
        string[] Paths, IReadOnlyList<string> RuleFolders, string? State, bool Watch, bool Matches,
        string[] Outputs, string? Config, int? Workers, int? PythonWorkers, string? Lake, TimeSpan LakeFlushInterval, long LakeBufferBytes);

    private sealed class RunSummary(int files)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _processing;
        private int _files = files;
        private int _done;
        private long _events;
        private long _bytes;
        private long _duplicates;
        private long _matches;
        private long _alerts;
        private int _inputErrors;

        public int InputErrors => Volatile.Read(ref _inputErrors);

        public void AddFiles(int count) => Interlocked.Add(ref _files, count);

        public void Add(FileResult result)
        {
            if (result.LastPart)
            {
                Interlocked.Increment(ref _done);
            }

            Interlocked.Add(ref _events, result.Outcome.Events);
            Interlocked.Add(ref _bytes, result.Bytes);
            Interlocked.Add(ref _duplicates, result.Outcome.Duplicates);
            Interlocked.Add(ref _matches, result.Outcome.Matches.Count);
            Interlocked.Add(ref _alerts, result.Outcome.Alerts.Count);
            Interlocked.Add(ref _inputErrors, result.Errors.Count);
        }

        public IDisposable StartProgress() => new Timer(_ =>
            Stderr.Status($"files {Volatile.Read(ref _done)}/{Volatile.Read(ref _files)}  events {Interlocked.Read(ref _events):N0}  alerts {Interlocked.Read(ref _alerts):N0}"),
            null, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));

        /// <summary>Marks the end of reading and detecting: the rate is over that time, not the alerts' delivery after it.</summary>
        public void ProcessingDone() => _processing = _clock.Elapsed;

        public string Describe(RuleErrorLog ruleErrors)
        {
            Stderr.ClearStatus();
            TimeSpan processing = _processing ?? _clock.Elapsed;
            double seconds = Math.Max(processing.TotalSeconds, 1e-6);
            double delivering = (_clock.Elapsed - processing).TotalSeconds;
            string text =
                $"files {_done}, events {_events:N0} ({_duplicates:N0} duplicates dropped), matches {_matches:N0}, alerts {_alerts:N0}, " +
                $"input errors {_inputErrors}, rule errors {ruleErrors.Total}, {_events / seconds:N0} events/s ({_bytes / seconds / 1e6:N1} MB/s) in {seconds:N2}s" +
                (delivering >= 1 ? $", then {delivering:N1}s delivering alerts" : "");
            foreach (var (ruleId, count, first) in ruleErrors.Summary())
            {
                text += $"{Environment.NewLine}  rule {ruleId}: {count} errors, first: {first}";
            }

            return text;
        }
    }
}

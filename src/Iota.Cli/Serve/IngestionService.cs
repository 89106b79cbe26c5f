using Iota.Aws.Sources;
using Iota.Cli.Internal;
using Iota.Engine;
using Iota.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Iota.Cli.Serve;

/// <summary>
/// Runs the configured source with hot-reloaded rules and a forwarder, and on shutdown stops taking new work,
/// finishes what is in flight, drains the forwarder and saves the event filter, all within the grace period.
/// Work still running when the grace period is nearly over is abandoned unacknowledged, so it is simply read
/// again after the restart.
/// </summary>
internal sealed class IngestionService(ServeRuntime runtime, ILoggerFactory loggers, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("Iota.Serve");
    private readonly CancellationTokenSource _abort = new();
    private long _stopRequestedTicks;

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        var grace = runtime.Settings.GracePeriod;
        ServeLog.Stopping(_logger, grace);
        Interlocked.Exchange(ref _stopRequestedTicks, DateTimeOffset.UtcNow.UtcTicks);
        // Keep a quarter of the grace period (at least two seconds) for draining the forwarder and saving state.
        var reserve = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(2).Ticks, grace.Ticks / 4));
        _abort.CancelAfter(grace > reserve ? grace - reserve : TimeSpan.Zero);
        return base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = runtime.Settings;
        runtime.Engine.Errors.FirstError += error => ServeLog.RuleFailed(_logger, error.RuleId, error.Message);
        runtime.Forwarder.DeliveryFailed += failure => ServeLog.DeliveryFailed(_logger, failure.OutputName, failure.AlertId, failure.Error);
        runtime.Forwarder.OutputPaused += (output, pause) => ServeLog.OutputPaused(_logger, output, pause);
        runtime.Forwarder.QueueUnavailable += (output, error, pause) => ServeLog.QueueUnavailable(_logger, output, error, pause);
        using var rules = new RuleWatcher(runtime.Engine, settings.RuleFolders);
        rules.Reloaded += set =>
        {
            ServeLog.RulesReloaded(_logger, set.Rules.Count, set.LoadErrors.Count);
            foreach (var error in set.LoadErrors)
            {
                ServeLog.RuleLoadError(_logger, error.ToString());
            }
        };

        using var stopForwarder = new CancellationTokenSource();
        var forwarding = runtime.Forwarder.RunAsync(stopForwarder.Token);
        using var activity = new Timer(_ => MarkQuietIntegrations(), null, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        try
        {
            await RunSourceAsync(settings, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            ServeLog.IngestionCrashed(_logger, error);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            await stopForwarder.CancelAsync().ConfigureAwait(false);
            await forwarding.ConfigureAwait(false);
            // The grace period runs from the stop request; after a crash (no request) it runs from now.
            long requested = Interlocked.Read(ref _stopRequestedTicks);
            var deadline = (requested == 0 ? DateTimeOffset.UtcNow : new DateTimeOffset(requested, TimeSpan.Zero)) + settings.GracePeriod;
            var left = deadline - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1);
            DrainResult? drained = null;
            try
            {
                drained = await runtime.Forwarder.DrainAsync(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Microsoft.Data.Sqlite.SqliteException error)
            {
                // Queued alerts stay in the state database for the next start.
                ServeLog.Warning(_logger, $"Stopped without draining alerts: the state database cannot be used ({error.Message}); they are delivered after the next start");
            }

            runtime.Filter.Save();
            if (drained is not null)
            {
                ServeLog.Stopped(_logger, drained.Pending);
            }
        }
    }

    private void MarkQuietIntegrations()
    {
        try
        {
            foreach (string label in IntegrationActivity.MarkQuiet(runtime.Integrations, DateTimeOffset.UtcNow, runtime.Settings.InactiveAfter))
            {
                ServeLog.IntegrationQuiet(_logger, label, runtime.Settings.InactiveAfter);
            }
        }
        catch (Exception error) when (error is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            ServeLog.Warning(_logger, $"could not update integration status: {error.Message}");
        }
    }

    private async Task RunSourceAsync(ServeSettings settings, CancellationToken stoppingToken)
    {
        if (settings.Mode == ServeMode.Watch)
        {
            await WatchAsync(settings.WatchDir!, stoppingToken).ConfigureAwait(false);
            return;
        }

        var pipelineLogger = loggers.CreateLogger("Iota.Aws");
        var pipeline = new ObjectPipeline(
            runtime.Processor,
            runtime.S3,
            runtime.Integrations,
            new ObjectPipelineOptions { DownloadWorkers = settings.DownloadWorkers, ProcessWorkers = settings.ProcessWorkers },
            pipelineLogger);
        pipeline.UnitDone += result =>
        {
            if (result.Outcome.Alerts.Count > 0)
            {
                runtime.Forwarder.Notify();
            }
        };
        try
        {
            if (settings.Mode == ServeMode.S3Poll)
            {
                var poll = new S3PollSource(
                    runtime.S3,
                    pipeline,
                    runtime.Processed,
                    new S3PollOptions { Bucket = settings.Bucket!, Prefix = settings.Prefix, Interval = settings.PollInterval, Region = settings.Region ?? "" },
                    pipelineLogger);
                await poll.RunAsync(stoppingToken, _abort.Token).ConfigureAwait(false);
            }
            else
            {
                var sqs = new SqsSource(
                    runtime.Sqs!,
                    pipeline,
                    new SqsSourceOptions { QueueUrl = settings.QueueUrl!, MaxReceives = settings.MaxReceives, VisibilityTimeout = settings.VisibilityTimeout },
                    pipelineLogger);
                await sqs.RunAsync(stoppingToken, _abort.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            // A unit cannot be interrupted half-way; past the grace period its worker is left to finish or fail
            // on its own (uncommitted units are simply read again), so shutdown is not held up by it.
            var stopped = pipeline.DisposeAsync().AsTask();
            try
            {
                await stopped.WaitAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                ServeLog.Warning(_logger, "grace period nearly over: abandoning units still in work; their messages stay in the queue");
            }
        }
    }

    private async Task WatchAsync(string folder, CancellationToken stoppingToken)
    {
        var runner = new FileRunner(runtime.Processor, runtime.Settings.ProcessWorkers);
        runner.FileDone += result =>
        {
            foreach (var error in result.Errors)
            {
                ServeLog.Warning(_logger, error.ToString());
            }

            ServeLog.FileProcessed(_logger, result.Path, result.Outcome.Events, result.Outcome.Alerts.Count);
            if (result.Outcome.Alerts.Count > 0)
            {
                runtime.Forwarder.Notify();
            }
        };

        using var inputs = new InputWatcher([folder]);
        var (files, _) = InputFiles.Expand([folder]);
        try
        {
            await Task.Run(() => runner.Run(files, _abort.Token), CancellationToken.None).ConfigureAwait(false);
            await foreach (var changed in inputs.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Run(() => runner.Run(changed, _abort.Token), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || _abort.IsCancellationRequested)
        {
            // Stopping; a file cut short was not committed and is read again next time.
        }
    }
}

using Iota.Pipeline.Internal;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Iota.Pipeline.State.Internal;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;

namespace Iota.Pipeline;

/// <summary>
/// Delivers the outbox the <see cref="AlertStore"/> fills: each output in its own loop, so a slow or failing
/// output never holds up the others; each delivery retried with exponential backoff and a per-attempt
/// timeout; a row removed only once its output has taken the alert. Rows survive restarts, so alerts queued
/// before a crash go out after it (at least once; PagerDuty's dedup key and the alert id let receivers drop
/// a repeat).
/// </summary>
/// <remarks>
/// <see cref="DrainAsync"/> suits <c>iota run</c>: try everything once, stopping at an output's first failure, report,
/// return.
/// <see cref="RunAsync"/> suits <c>serve</c>: keep delivering until cancelled, waking on <see cref="Notify"/>
/// or every <see cref="ForwarderOptions.PollInterval"/>, and giving alerts that exhausted their retries a
/// growing rest before the next round. An output that fails an alert after every retry pauses for a growing
/// time (<see cref="OutputPaused"/>), and then one alert probes it: during an outage its queue waits instead of
/// every alert in turn spending its retries (and its own rest) on a receiver that is down. The forwarder owns
/// neither the database nor the outputs.
/// </remarks>
public sealed class Forwarder : IDisposable
{
    private readonly Outbox _outbox;
    private readonly IReadOnlyList<IAlertOutput> _outputs;
    private readonly ForwarderOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _delivery;
    private readonly Dictionary<string, SemaphoreSlim> _wakeUps;
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>Creates a forwarder delivering the outbox rows of <paramref name="outputs"/> (matched by name).</summary>
    public Forwarder(
        StateDatabase database,
        IReadOnlyList<IAlertOutput> outputs,
        ForwarderOptions? options = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(outputs);
        var duplicate = outputs.GroupBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two outputs are named '{duplicate.Key}'; outbox rows could not tell them apart.", nameof(outputs));
        }

        _outbox = new Outbox(database);
        _outputs = outputs;
        _options = options ?? new ForwarderOptions();
        _time = time ?? TimeProvider.System;
        _delivery = BuildDeliveryPipeline(_options, _time);
        _wakeUps = outputs.ToDictionary(o => o.Name, _ => new SemaphoreSlim(0, 1), StringComparer.Ordinal);
    }

    /// <summary>Raised after an output took an alert (from the output's loop; keep handlers quick).</summary>
    public event Action<string, Alert>? Delivered;

    /// <summary>Raised when an output failed an alert after every retry; the alert stays queued.</summary>
    public event Action<DeliveryFailure>? DeliveryFailed;

    /// <summary>Raised (from the output's background loop) when it pauses after a failure: the output's name and for how long.</summary>
    public event Action<string, TimeSpan>? OutputPaused;

    /// <summary>
    /// Raised (from the output's background loop) when the alert queue in the state database could not be read or
    /// updated (a full disk, say): the output's name, why, and how long the loop pauses before trying again.
    /// </summary>
    public event Action<string, string, TimeSpan>? QueueUnavailable;

    /// <summary>Tells background loops new rows are waiting, so they need not wait for the next poll.</summary>
    public void Notify()
    {
        foreach (var wakeUp in _wakeUps.Values)
        {
            // The semaphore holds at most one permit: many notifications before a loop wakes are one wake-up.
            if (wakeUp.CurrentCount == 0)
            {
                try
                {
                    wakeUp.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another notifier got there first; one permit is all a loop needs.
                }
            }
        }
    }

    /// <summary>
    /// Tries every pending row of every output once (with retries), in parallel per output, and returns when
    /// all have been tried or <paramref name="timeout"/> has passed. An output stops at its first row that fails
    /// after every retry. Rows not delivered stay for the next run.
    /// </summary>
    public async Task<DrainResult> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        deadline.CancelAfter(timeout);
        var results = await Task.WhenAll(_outputs.Select(output => DrainOutputAsync(output, deadline.Token))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var failures = results.SelectMany(r => r.Failures).ToList();
        var pending = _outputs.Sum(output => _outbox.Count(output.Name));
        return new DrainResult(results.Sum(r => r.Delivered), failures, pending, TimedOut: results.Any(r => r.Interrupted));
    }

    /// <summary>
    /// Delivers continuously until <paramref name="cancellationToken"/> is cancelled or the forwarder is disposed.
    /// Cancelling lets an attempt already on its way finish (within <see cref="ForwarderOptions.AttemptTimeout"/>) and
    /// starts no retry after it: an alert the receiver took is marked delivered, so a drain after the stop does not
    /// send it again. Disposing abandons the attempt.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await Task.WhenAll(_outputs.Select(output => RunOutputAsync(output, stop.Token))).ConfigureAwait(false);
    }

    /// <summary>Stops background loops and drains; the outbox keeps whatever was not delivered.</summary>
    /// <remarks>
    /// Only cancels: a loop still unwinding may touch its wake-up semaphore, and neither it nor the token source
    /// holds anything (no wait handle or timer is ever created) that needs releasing.
    /// </remarks>
    public void Dispose() => _disposed.Cancel();

    private async Task<(int Delivered, List<DeliveryFailure> Failures, bool Interrupted)> DrainOutputAsync(
        IAlertOutput output,
        CancellationToken cancellationToken)
    {
        var delivered = 0;
        var failures = new List<DeliveryFailure>();
        long afterId = 0;
        try
        {
            while (true)
            {
                var batch = _outbox.Next(output.Name, afterId, dueBy: null, _options.BatchSize);
                if (batch.Count == 0)
                {
                    return (delivered, failures, false);
                }

                foreach (var entry in batch)
                {
                    afterId = entry.OutboxId;
                    var failure = await DeliverAsync(output, entry, cancellationToken, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        // Every retry is spent: the output is down or refuses us. Its other alerts stay queued rather
                        // than each waiting out the same retries (an unreachable webhook would hold a run for minutes).
                        failures.Add(failure);
                        return (delivered, failures, false);
                    }

                    delivered++;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (delivered, failures, true);
        }
    }

    private async Task RunOutputAsync(IAlertOutput output, CancellationToken cancellationToken)
    {
        var wakeUp = _wakeUps[output.Name];
        var failedRounds = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                IReadOnlyList<OutboxEntry> due = [];
                DeliveryFailure? failure = null;
                string? queueError = null;
                try
                {
                    due = _outbox.Next(output.Name, afterId: 0, UnixTime.ToMs(_time.GetUtcNow()), _options.BatchSize);
                    foreach (var entry in due)
                    {
                        failure = await DeliverAsync(output, entry, cancellationToken, _disposed.Token).ConfigureAwait(false);
                        if (failure is not null)
                        {
                            break;
                        }
                    }
                }
                catch (SqliteException error)
                {
                    // The loop must outlive a full disk: it waits and tries again, like after a failing output. An alert
                    // delivered but not yet marked as such goes again later, with the same alert_id.
                    queueError = error.Message;
                }

                if (failure is not null || queueError is not null)
                {
                    var pause = RedeliveryDelay(failedRounds++);
                    if (queueError is not null)
                    {
                        QueueUnavailable?.Invoke(output.Name, queueError, pause);
                    }
                    else
                    {
                        OutputPaused?.Invoke(output.Name, pause);
                    }

                    await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                failedRounds = 0;
                if (due.Count < _options.BatchSize)
                {
                    await wakeUp.WaitAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of the background loop.
        }
    }

    /// <returns>Null when delivered; the failure otherwise.</returns>
    /// <param name="stop">Ends the delivery between attempts (and their waits): no attempt starts after it.</param>
    /// <param name="abandon">Ends it at once, even an attempt on its way (which may then have reached the receiver).</param>
    private async Task<DeliveryFailure?> DeliverAsync(IAlertOutput output, OutboxEntry entry, CancellationToken stop, CancellationToken abandon)
    {
        var alert = _outbox.FindAlert(entry.AlertId);
        if (alert is null)
        {
            // Nothing left to send (the alert row is gone); the queue entry is meaningless.
            _outbox.Remove(entry.OutboxId);
            return null;
        }

        using var stopOrAbandon = CancellationTokenSource.CreateLinkedTokenSource(stop, abandon);
        try
        {
            await _delivery.ExecuteAsync(
                static (state, _) => new ValueTask(state.self.AttemptAsync(state.output, state.alert, state.abandon)),
                (self: this, output, alert, abandon),
                stopOrAbandon.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (stopOrAbandon.IsCancellationRequested)
        {
            // Stopped: only a success counts. A failure is left for whoever tries next (the drain after a stop), which
            // reports it, so an unreachable output is named once.
            throw new OperationCanceledException("delivery stopped", error, stopOrAbandon.Token);
        }
        catch (Exception error)
        {
            var failure = new DeliveryFailure(output.Name, alert.AlertId, error.Message);
            _outbox.RecordFailure(entry.OutboxId, error.Message, UnixTime.ToMs(_time.GetUtcNow() + RedeliveryDelay(entry.Attempts)));
            DeliveryFailed?.Invoke(failure);
            return failure;
        }

        _outbox.Remove(entry.OutboxId);
        Delivered?.Invoke(output.Name, alert);
        return null;
    }

    /// <summary>One attempt: it answers only to <paramref name="abandon"/> and its own timeout, not to a stop.</summary>
    private async Task AttemptAsync(IAlertOutput output, Alert alert, CancellationToken abandon)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(abandon, timeout.Token);
        try
        {
            await output.SendAsync(alert, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !abandon.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {_options.AttemptTimeout.TotalSeconds:0.###} s");
        }
    }

    private TimeSpan RedeliveryDelay(int previousRounds)
    {
        var factor = Math.Pow(2, Math.Min(previousRounds, 20));
        return TimeSpan.FromTicks((long)Math.Min(_options.RedeliveryDelay.Ticks * factor, _options.MaxRedeliveryDelay.Ticks));
    }

    private static ResiliencePipeline BuildDeliveryPipeline(ForwarderOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Any failure of the output is worth another try; the caller giving up is not.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            });
        }

        return builder.Build();
    }
}

using System.Globalization;
using System.Text;
using Iota.Aws.Notifications;
using Iota.Aws.Sources.Internal;
using Iota.Aws.Sqs;
using Iota.Pipeline.Metrics;
using Microsoft.Extensions.Logging;

namespace Iota.Aws.Sources;

/// <summary>
/// Reads a queue of S3 event notifications (direct or SNS-wrapped) or EventBridge CloudTrail envelopes. Each
/// announced object is one unit of work (EventBridge: a message's records are one unit). A message is deleted
/// only after every one of its units committed its alerts; until then its visibility is renewed. A failing
/// message stays in the queue and comes back after a growing pause; after <see cref="SqsSourceOptions.MaxReceives"/>
/// receives it is logged and left for the queue's dead-letter policy. Receive errors are retried forever.
/// </summary>
public sealed class SqsSource
{
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";
    private const int MaxVisibilitySeconds = 43_200;

    private readonly SqsClient _sqs;
    private readonly ObjectPipeline _pipeline;
    private readonly SqsSourceOptions _options;
    private readonly ILogger _logger;

    public SqsSource(SqsClient sqs, ObjectPipeline pipeline, SqsSourceOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _sqs = sqs;
        _pipeline = pipeline;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Receives until <paramref name="stopReceiving"/> fires, then waits for the messages in flight. Those are
    /// abandoned (not deleted; the queue shows them again) only if <paramref name="abort"/> fires first.
    /// </summary>
    public async Task RunAsync(CancellationToken stopReceiving, CancellationToken abort)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, _options.MaxMessagesInFlight));
        var inFlight = new List<Task>();
        var backoff = _options.ReceiveBackoff;
        while (!stopReceiving.IsCancellationRequested)
        {
            int granted;
            try
            {
                await slots.WaitAsync(stopReceiving).ConfigureAwait(false);
                granted = 1;
                while (granted < 10 && slots.Wait(0, CancellationToken.None))
                {
                    granted++;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            List<Message> messages;
            try
            {
                var response = await _sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest
                    {
                        QueueUrl = _options.QueueUrl,
                        MaxNumberOfMessages = granted,
                        WaitTimeSeconds = _options.WaitTimeSeconds,
                        VisibilityTimeout = VisibilitySeconds,
                        MessageSystemAttributeNames = [ReceiveCountAttribute],
                    },
                    stopReceiving).ConfigureAwait(false);
                messages = response.Messages;
                backoff = _options.ReceiveBackoff;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stopReceiving.IsCancellationRequested)
            {
                slots.Release(granted);
                SourceLog.ReceiveFailed(_logger, error, _options.QueueUrl, backoff);
                try
                {
                    await Task.Delay(backoff, stopReceiving).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxReceiveBackoff.Ticks));
                continue;
            }
            catch (OperationCanceledException)
            {
                slots.Release(granted);
                break;
            }

            if (granted > messages.Count)
            {
                slots.Release(granted - messages.Count);
            }

            inFlight.RemoveAll(task => task.IsCompleted);
            foreach (var message in messages)
            {
                inFlight.Add(HandleAndReleaseAsync(message, slots, abort));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private int VisibilitySeconds => (int)Math.Clamp(_options.VisibilityTimeout.TotalSeconds, 1, MaxVisibilitySeconds);

    private async Task HandleAndReleaseAsync(Message message, SemaphoreSlim slots, CancellationToken abort)
    {
        try
        {
            await HandleAsync(message, abort).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task HandleAsync(Message message, CancellationToken abort)
    {
        string id = message.MessageId ?? "(no id)";
        int receiveCount = ReceiveCount(message);
        if (receiveCount > _options.MaxReceives)
        {
            SourceLog.MessageLeftForDeadLetter(_logger, id, receiveCount, _options.MaxReceives);
            IotaMetrics.SqsMessagesProcessed.Add(1, new KeyValuePair<string, object?>("status", "dead_letter"));
            await TryChangeVisibilityAsync(message, (int)Math.Clamp(_options.PoisonVisibility.TotalSeconds, 0, MaxVisibilitySeconds)).ConfigureAwait(false);
            return;
        }

        try
        {
            var notification = QueueNotification.Parse(id, message.Body ?? "");
            if (notification.Kind == NotificationKind.S3TestEvent)
            {
                await DeleteAsync(message, abort).ConfigureAwait(false);
                SourceLog.TestEventIgnored(_logger, id);
                IotaMetrics.SqsMessagesProcessed.Add(1, new KeyValuePair<string, object?>("status", "ignored"));
                return;
            }

            int units;
            using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(abort))
            {
                var renewing = RenewVisibilityAsync(message, renewal.Token);
                try
                {
                    units = await ProcessAsync(id, notification, abort).ConfigureAwait(false);
                }
                finally
                {
                    await renewal.CancelAsync().ConfigureAwait(false);
                    await renewing.ConfigureAwait(false);
                }
            }

            await DeleteAsync(message, abort).ConfigureAwait(false);
            SourceLog.MessageDone(_logger, id, units);
            IotaMetrics.SqsMessagesProcessed.Add(1, new KeyValuePair<string, object?>("status", "ok"));
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Shutting down past the grace period: the message was not deleted, so the queue shows it again.
        }
        catch (Exception error)
        {
            SourceLog.MessageFailed(_logger, id, receiveCount, _options.MaxReceives, Describe(error));
            IotaMetrics.SqsMessagesProcessed.Add(1, new KeyValuePair<string, object?>("status", "error"));
            // Back off before the next attempt: 2, 4, 8… seconds, capped at the visibility timeout we asked for.
            int retryIn = (int)Math.Min(Math.Pow(2, Math.Min(receiveCount, 16)), VisibilitySeconds);
            await TryChangeVisibilityAsync(message, retryIn).ConfigureAwait(false);
        }
    }

    private async Task<int> ProcessAsync(string id, QueueNotification notification, CancellationToken abort)
    {
        if (notification.Kind == NotificationKind.CloudTrailEvents)
        {
            var content = new MemoryStream();
            foreach (var detail in notification.CloudTrailEvents)
            {
                content.Write(detail.Span);
                content.WriteByte((byte)'\n');
            }

            string source = $"sqs message {id}";
            await _pipeline.ProcessBytesAsync(source, $"sqs:{_options.QueueUrl}#{id}", content.ToArray(), null, abort).ConfigureAwait(false);
            return 1;
        }

        // Removal and other non-creation events announce nothing to read.
        var created = notification.Objects.Where(o => o.EventName.StartsWith("ObjectCreated", StringComparison.Ordinal)).ToList();
        var units = created.Select(o => _pipeline.ProcessObjectAsync(o, abort)).ToList();
        try
        {
            await Task.WhenAll(units).ConfigureAwait(false);
        }
        catch (Exception) when (units.Any(u => u.IsFaulted))
        {
            // Name every failed object, not only the first.
            var failures = created.Zip(units).Where(p => p.Second.IsFaulted)
                .Select(p => $"s3://{p.First.Bucket}/{p.First.Key}: {Describe(p.Second.Exception!.GetBaseException())}");
            throw new SqsSourceException(string.Join("; ", failures), units.First(u => u.IsFaulted).Exception!.GetBaseException());
        }

        return units.Count;
    }

    private async Task RenewVisibilityAsync(Message message, CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, VisibilitySeconds / 2.0));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await TryChangeVisibilityAsync(message, VisibilitySeconds).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The message's work finished (or the process is stopping).
        }
    }

    private async Task TryChangeVisibilityAsync(Message message, int seconds)
    {
        try
        {
            await _sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest(_options.QueueUrl, message.ReceiptHandle!, seconds)).ConfigureAwait(false);
        }
        catch (SqsException error)
        {
            SourceLog.ExtendFailed(_logger, message.MessageId ?? "(no id)", error.Message);
        }
    }

    private async Task DeleteAsync(Message message, CancellationToken cancellationToken)
    {
        var response = await _sqs.DeleteMessageBatchAsync(
            new DeleteMessageBatchRequest
            {
                QueueUrl = _options.QueueUrl,
                Entries = [new DeleteMessageBatchRequestEntry("0", message.ReceiptHandle!)],
            },
            cancellationToken).ConfigureAwait(false);
        if (response.Failed.Count > 0)
        {
            var failed = response.Failed[0];
            SourceLog.DeleteFailed(_logger, message.MessageId ?? "(no id)", $"{failed.Code}: {failed.Message}");
        }
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes is not null
        && message.Attributes.TryGetValue(ReceiveCountAttribute, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            ? count
            : 1;

    private static string Describe(Exception error)
    {
        var text = new StringBuilder(error.Message);
        if (error is Amazon.Runtime.AmazonServiceException { ErrorCode: { } code })
        {
            text.Append(" (").Append(code).Append(')');
        }

        return text.ToString();
    }
}

using System.Threading.Channels;
using Amazon.S3.Model;
using Iota.Aws.Notifications;
using Iota.Aws.S3;
using Iota.Aws.Sources.Internal;
using Iota.Pipeline;
using Iota.Pipeline.Metrics;
using Iota.Pipeline.State;
using Microsoft.Extensions.Logging;

namespace Iota.Aws.Sources;

/// <summary>
/// Downloads S3 objects and processes each as one unit of work, in two stages joined by bounded channels:
/// download workers fetch objects into memory, process workers run them through the <see cref="UnitProcessor"/>.
/// A full stage makes callers wait, so however long the queue behind a source is, at most
/// downloads + 2 × process-workers objects are held in memory at once. A large object of JSON Lines or of log
/// files one after another is decompressed and processed in parts of whole lines or log files, each a unit of its
/// own, so only one part at a time is held decompressed.
/// </summary>
public sealed class ObjectPipeline : IAsyncDisposable
{
    private readonly UnitProcessor _processor;
    private readonly S3Access _s3;
    private readonly IntegrationStore? _integrations;
    private readonly ILogger _logger;
    private readonly Channel<DownloadWork> _downloads;
    private readonly Channel<ProcessWork> _processing;
    private readonly Task[] _workers;
    private readonly int _partBytes;
    private int _downloadersRunning;

    public ObjectPipeline(UnitProcessor processor, S3Access s3, IntegrationStore? integrations, ObjectPipelineOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _processor = processor;
        _s3 = s3;
        _integrations = integrations;
        _logger = logger;
        _partBytes = options.PartBytes;
        int downloaders = Math.Max(1, options.DownloadWorkers);
        int processors = Math.Max(1, options.ProcessWorkers);
        _downloadersRunning = downloaders;
        _downloads = Channel.CreateBounded<DownloadWork>(new BoundedChannelOptions(downloaders) { SingleReader = false, SingleWriter = false });
        _processing = Channel.CreateBounded<ProcessWork>(new BoundedChannelOptions(processors) { SingleReader = false, SingleWriter = false });
        _workers =
        [
            .. Enumerable.Range(0, downloaders).Select(_ => Task.Run(DownloadLoopAsync)),
            .. Enumerable.Range(0, processors).Select(_ => Task.Run(ProcessLoopAsync)),
        ];
    }

    /// <summary>Raised (from a worker) after each unit commits.</summary>
    public event Action<UnitResult>? UnitDone;

    /// <summary>
    /// Downloads and processes one object as the unit <c>s3://bucket/key#etag</c>. Completes when its alerts are
    /// committed; faults with the download or processing error; waits while the pipeline is full.
    /// </summary>
    public async Task<UnitResult> ProcessObjectAsync(S3ObjectReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var work = new DownloadWork(reference, cancellationToken);
        await _downloads.Writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        return await work.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Processes bytes already in hand (a message's EventBridge records) as the unit <paramref name="unitKey"/>.</summary>
    public async Task<UnitResult> ProcessBytesAsync(string source, string unitKey, ArraySegment<byte> content, Integration? integration, CancellationToken cancellationToken)
    {
        var work = new ProcessWork(source, unitKey, content, integration, cancellationToken);
        await _processing.Writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        return await work.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets queued work finish, then stops the workers.</summary>
    public async ValueTask DisposeAsync()
    {
        _downloads.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    private async Task DownloadLoopAsync()
    {
        try
        {
            await foreach (var work in _downloads.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (work.Cancel.IsCancellationRequested)
                {
                    work.Done.TrySetCanceled(work.Cancel);
                    continue;
                }

                try
                {
                    var (bytes, eTag) = await DownloadAsync(work.Reference, work.Cancel).ConfigureAwait(false);
                    var reference = work.Reference;
                    var next = new ProcessWork(
                        $"s3://{reference.Bucket}/{reference.Key}",
                        $"s3://{reference.Bucket}/{reference.Key}#{eTag}",
                        bytes,
                        _s3.IntegrationFor(reference.Bucket, reference.Key),
                        work.Cancel,
                        work.Done);
                    await _processing.Writer.WriteAsync(next, work.Cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (work.Cancel.IsCancellationRequested)
                {
                    work.Done.TrySetCanceled(work.Cancel);
                }
                catch (Exception error)
                {
                    work.Done.TrySetException(error);
                }
            }
        }
        finally
        {
            // The last downloader out closes the processing stage behind it.
            if (Interlocked.Decrement(ref _downloadersRunning) == 0)
            {
                _processing.Writer.TryComplete();
            }
        }
    }

    private async Task<(ArraySegment<byte> Bytes, string ETag)> DownloadAsync(S3ObjectReference reference, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = reference.Bucket, Key = reference.Key, VersionId = reference.VersionId };
        using var response = await _s3.ClientFor(reference.Bucket, reference.Key).GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        long length = response.ContentLength;
        var buffer = new MemoryStream(length is > 0 and < int.MaxValue ? (int)length : 0);
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        IotaMetrics.S3ObjectsDownloaded.Add(1);
        IotaMetrics.S3BytesDownloaded.Add(buffer.Length);
        string eTag = (response.ETag ?? reference.ETag ?? "").Trim('"');
        // The stream's own buffer, not a copy: one object is held once while it waits for a process worker.
        return (new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), eTag);
    }

    private async Task ProcessLoopAsync()
    {
        using var batch = new EventBatch();
        await foreach (var work in _processing.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (work.Cancel.IsCancellationRequested)
            {
                work.Done.TrySetCanceled(work.Cancel);
                continue;
            }

            try
            {
                work.Done.TrySetResult(Process(batch, work));
            }
            catch (Exception error)
            {
                work.Done.TrySetException(error);
            }
        }
    }

    private UnitResult Process(EventBatch batch, ProcessWork work)
    {
        var errors = new List<InputError>();
        DateTimeOffset? latest = null;
        UnitOutcome outcome;
        using (var content = new MemoryStream(work.Content.Array!, work.Content.Offset, work.Content.Count, writable: false))
        {
            outcome = _processor.ProcessStream(batch, work.UnitKey, work.Source, content, _partBytes, done =>
            {
                errors.AddRange(done.Errors);
                if (LatestEventTime(done) is { } time && (latest is null || time > latest))
                {
                    latest = time;
                }
            });
        }

        foreach (var error in errors)
        {
            SourceLog.InputError(_logger, work.Source, error.ToString());
        }

        if (work.Integration is not null && _integrations is not null && latest is { } last)
        {
            _integrations.RecordEvents(work.Integration.Label, last);
        }

        var result = new UnitResult(work.UnitKey, work.Source, work.Content.Count, outcome, errors);
        SourceLog.UnitProcessed(_logger, work.Source, outcome.Events, outcome.Duplicates, outcome.Alerts.Count);
        UnitDone?.Invoke(result);
        return result;
    }

    private static DateTimeOffset? LatestEventTime(EventBatch batch)
    {
        DateTimeOffset? latest = null;
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch.Events[i].EventTime is { } time && (latest is null || time > latest))
            {
                latest = time;
            }
        }

        return latest;
    }

    private sealed record DownloadWork(S3ObjectReference Reference, CancellationToken Cancel)
    {
        public TaskCompletionSource<UnitResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record ProcessWork(string Source, string UnitKey, ArraySegment<byte> Content, Integration? Integration, CancellationToken Cancel, TaskCompletionSource<UnitResult> Done)
    {
        public ProcessWork(string source, string unitKey, ArraySegment<byte> content, Integration? integration, CancellationToken cancel)
            : this(source, unitKey, content, integration, cancel, new TaskCompletionSource<UnitResult>(TaskCreationOptions.RunContinuationsAsynchronously))
        {
        }
    }
}

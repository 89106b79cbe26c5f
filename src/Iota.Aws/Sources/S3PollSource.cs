using Amazon.S3.Model;
using Iota.Aws.Notifications;
using Iota.Aws.S3;
using Iota.Aws.Sources.Internal;
using Iota.Pipeline.State;
using Microsoft.Extensions.Logging;

namespace Iota.Aws.Sources;

/// <summary>
/// Lists a bucket and prefix on an interval (ListObjectsV2, resuming with StartAfter after the last key it
/// finished) and processes every object not already processed with the same ETag. CloudTrail keys sort by
/// account, region and date, so resuming after the last key finds every new file. The resume point only moves
/// past an object once it and every key before it committed; a failed object is retried on the next round.
/// </summary>
public sealed class S3PollSource
{
    private const string AnyAccount = "";

    private readonly S3Access _s3;
    private readonly ObjectPipeline _pipeline;
    private readonly ProcessedObjectStore _processed;
    private readonly S3PollOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public S3PollSource(S3Access s3, ObjectPipeline pipeline, ProcessedObjectStore processed, S3PollOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(processed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _s3 = s3;
        _pipeline = pipeline;
        _processed = processed;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Polls until <paramref name="stopPolling"/> fires; a round in progress finishes unless <paramref name="abort"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopPolling, CancellationToken abort)
    {
        while (!stopPolling.IsCancellationRequested)
        {
            try
            {
                int processed = await PollOnceAsync(stopPolling, abort).ConfigureAwait(false);
                SourceLog.Polled(_logger, _options.Bucket, _options.Prefix, processed);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested || stopPolling.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                SourceLog.PollFailed(_logger, error, _options.Bucket, _options.Prefix);
            }

            try
            {
                await Task.Delay(_options.Interval, _time, stopPolling).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Lists once from the resume point and processes what is new.</summary>
    /// <returns>Objects processed in this round.</returns>
    public async Task<int> PollOnceAsync(CancellationToken stopPolling, CancellationToken abort)
    {
        string? startAfter = _processed.GetLastKey(_options.Bucket, _options.Prefix, AnyAccount, _options.Region);
        var client = _s3.ClientFor(_options.Bucket, _options.Prefix);
        string? continuation = null;
        int done = 0;
        do
        {
            var page = await client.ListObjectsV2Async(
                new ListObjectsV2Request
                {
                    BucketName = _options.Bucket,
                    Prefix = _options.Prefix,
                    StartAfter = continuation is null ? startAfter : null,
                    ContinuationToken = continuation,
                },
                stopPolling).ConfigureAwait(false);
            var objects = (page.S3Objects ?? []).Where(o => !o.Key.EndsWith('/')).ToList();
            var work = objects
                .Select(o => (Object: o, ETag: (o.ETag ?? "").Trim('"')))
                .Select(o => (o.Object, o.ETag, Task: _processed.IsProcessed(_options.Bucket, o.Object.Key, o.ETag)
                    ? null
                    : _pipeline.ProcessObjectAsync(
                        new S3ObjectReference(_options.Bucket, o.Object.Key, o.Object.Size, o.ETag, null, "ObjectCreated:Poll"), abort)))
                .ToList();

            // In key order: the resume point moves only over a run of finished objects.
            foreach (var (obj, eTag, task) in work)
            {
                if (task is not null)
                {
                    try
                    {
                        await task.ConfigureAwait(false);
                    }
                    catch (Exception error) when (error is not OperationCanceledException)
                    {
                        SourceLog.PolledObjectFailed(_logger, _options.Bucket, obj.Key, error.Message);
                        await Task.WhenAll(work.Select(w => w.Task).OfType<Task>()).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                        return done;
                    }

                    _processed.MarkProcessed(_options.Bucket, obj.Key, eTag, _time.GetUtcNow());
                    done++;
                }

                _processed.SetLastKey(_options.Bucket, _options.Prefix, AnyAccount, _options.Region, obj.Key, _time.GetUtcNow());
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null && !stopPolling.IsCancellationRequested);

        return done;
    }
}

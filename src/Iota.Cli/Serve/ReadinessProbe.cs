using Amazon.S3.Model;
using Iota.Aws.Sqs;

namespace Iota.Cli.Serve;

/// <summary>
/// Answers <c>/ready</c> by really checking each dependency: rules are loaded, the state database takes a write,
/// the queue answers GetQueueAttributes, and (s3-poll) the bucket answers a one-key listing.
/// </summary>
internal sealed class ReadinessProbe(ServeRuntime runtime)
{
    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        int rules = runtime.Engine.Current.Rules.Count;
        if (rules == 0)
        {
            failures.Add($"rules: no rules loaded from {string.Join(", ", runtime.Settings.RuleFolders)}");
        }

        try
        {
            runtime.Database.ProbeWrite(DateTimeOffset.UtcNow);
        }
        catch (Exception error) when (error is Microsoft.Data.Sqlite.SqliteException or IOException or ObjectDisposedException)
        {
            failures.Add($"state: {runtime.Database.FilePath} is not writable: {error.Message}");
        }

        if (runtime.ProbeSqs is { } sqs)
        {
            string queueUrl = runtime.Settings.QueueUrl!;
            try
            {
                await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, cancellationToken).ConfigureAwait(false);
            }
            catch (SqsException error)
            {
                failures.Add($"queue: {queueUrl} is not reachable: {error.Message}");
            }
        }

        if (runtime.Settings.Mode == ServeMode.S3Poll)
        {
            string bucket = runtime.Settings.Bucket!;
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(3));
                await runtime.S3.ClientFor(bucket, runtime.Settings.Prefix)
                    .ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = runtime.Settings.Prefix, MaxKeys = 1 }, deadline.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception error) when (error is Amazon.Runtime.AmazonServiceException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"bucket: s3://{bucket}/{runtime.Settings.Prefix} is not reachable: {error.Message}");
            }
        }

        return new ReadinessReport(failures.Count == 0, rules, failures);
    }
}

/// <summary>The body of <c>/ready</c>.</summary>
internal sealed record ReadinessReport(bool Ready, int Rules, IReadOnlyList<string> Failures);

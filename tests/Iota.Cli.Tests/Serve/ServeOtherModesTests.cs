using System.Globalization;
using Iota.Aws.Sqs;
using Iota.Aws.Tests.Emulator;
using Iota.Cli.Tests.Commands;

namespace Iota.Cli.Tests.Serve;

/// <summary><c>iota serve</c> in eventbridge, s3-poll and watch modes, and visibility renewal, as child processes.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class ServeOtherModesTests(FauxqsFixture emulator) : IDisposable
{
    private readonly TempStateDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string AlertsFile => Path.Combine(_work.Path, "alerts.jsonl");

    private string State => Path.Combine(_work.Path, "state");

    [Fact]
    public async Task EventBridge_envelopes_single_and_batched_raise_alerts_and_are_deleted()
    {
        string queueUrl = await emulator.CreateQueueAsync("eventbridge");
        using var sqs = emulator.CreateSqsClient();
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, Envelope(CloudTrailFixtures.RootLogin("eb-single"))));
        await sqs.SendMessageAsync(new SendMessageRequest(
            queueUrl, $"[{Envelope(CloudTrailFixtures.RootLogin("eb-batch-1"))},{Envelope(CloudTrailFixtures.RootLogin("eb-batch-2"))}]"));

        using var serve = ServeProcess.Start(
            "--mode", "eventbridge", "--sqs-queue-url", queueUrl, "--endpoint-url", emulator.ServiceUrl,
            "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path), "--state", State, "--output", $"file:{AlertsFile}");
        await serve.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 3), "three alerts");
        await serve.WaitUntilAsync(async () => await MessagesInQueueAsync(queueUrl) == 0, "the queue to be empty");
        await serve.TerminateAsync();

        Assert.Equal(["eb-batch-1", "eb-batch-2", "eb-single"], CloudTrailFixtures.ReadAlerts(AlertsFile).Select(a => a.Dedup).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task S3_polling_processes_new_objects_and_after_a_restart_resumes_without_reading_old_ones_again()
    {
        string bucket = await emulator.CreateBucketAsync("poll");
        using var s3 = emulator.CreateS3Client();
        const string Prefix = "AWSLogs/111122223333/CloudTrail/";
        await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "2026/11/21/a.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("poll-a")));
        await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "2026/11/21/b.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("poll-b")));
        await CloudTrailFixtures.PutAsync(s3, bucket, "elsewhere/c.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("outside-prefix")));
        string[] arguments =
        [
            "--mode", "s3-poll", "--s3-bucket", bucket, "--s3-prefix", Prefix, "--endpoint-url", emulator.ServiceUrl,
            "--poll-interval", "500ms", "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path), "--state", State,
            "--output", $"file:{AlertsFile}",
        ];

        using (var first = ServeProcess.Start(arguments))
        {
            await first.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 2), "two alerts");
            await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "2026/11/22/c.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("poll-c")));
            await first.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 3), "the new object's alert");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await first.GetAsync("/ready")).Status);
            Assert.Equal(0, await first.TerminateAsync());
        }

        using var second = ServeProcess.Start(arguments);
        await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "2026/11/23/d.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("poll-d")));
        await second.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 4), "the fourth object's alert");
        string metrics = (await second.GetAsync("/metrics")).Body;
        await second.TerminateAsync();

        Assert.Equal(["poll-a", "poll-b", "poll-c", "poll-d"], CloudTrailFixtures.ReadAlerts(AlertsFile).Select(a => a.Dedup).Order(StringComparer.Ordinal));
        Assert.Contains("iota_s3_objects_downloaded_total 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_mode_processes_the_folder_and_files_added_later()
    {
        string logs = Path.Combine(_work.Path, "logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllBytesAsync(Path.Combine(logs, "first.json.gz"), CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("watch-1")));

        using var serve = ServeProcess.Start(
            "--mode", "watch", "--watch-dir", logs, "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path),
            "--state", State, "--output", $"file:{AlertsFile}");
        await serve.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 1), "the first file's alert");
        await File.WriteAllBytesAsync(Path.Combine(logs, "second.json.gz"), CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("watch-2")));
        await serve.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 2), "the added file's alert");
        var ready = await serve.GetAsync("/ready");
        await serve.TerminateAsync();

        Assert.Equal(["watch-1", "watch-2"], CloudTrailFixtures.ReadAlerts(AlertsFile).Select(a => a.Dedup).Order(StringComparer.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.Status);
    }

    [Fact]
    public async Task A_message_whose_object_outlasts_the_visibility_timeout_is_renewed_and_read_once()
    {
        string queueUrl = await emulator.CreateQueueAsync("renew");
        string bucket = await emulator.CreateBucketAsync("renew");
        using var s3 = emulator.CreateS3Client();
        using var sqs = emulator.CreateSqsClient();
        // Forty slow events: about four seconds of work against a two-second visibility timeout.
        var records = new[] { CloudTrailFixtures.RootLogin("long-1") }.Concat(Enumerable.Range(0, 40).Select(i => CloudTrailFixtures.SlowCall($"s-{i}"))).ToArray();
        await CloudTrailFixtures.PutAsync(s3, bucket, "long.json.gz", CloudTrailFixtures.GzippedTrail(records));
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, "long.json.gz")));

        using var serve = ServeProcess.Start(
            "--mode", "sqs", "--sqs-queue-url", queueUrl, "--endpoint-url", emulator.ServiceUrl, "--visibility-timeout", "2s",
            "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path), "--state", State, "--output", $"file:{AlertsFile}");
        await serve.WaitForLogAsync("processed and deleted");
        await serve.WaitUntilAsync(async () => await MessagesInQueueAsync(queueUrl) == 0, "the queue to be empty");
        string metrics = (await serve.GetAsync("/metrics")).Body;
        await serve.TerminateAsync();

        Assert.Contains("iota_s3_objects_downloaded_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("iota_sqs_messages_processed_total{status=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Equal("long-1", Assert.Single(CloudTrailFixtures.ReadAlerts(AlertsFile)).Dedup);
    }

    private static string Envelope(string record) =>
        $$"""{"version":"0","id":"{{Guid.NewGuid()}}","detail-type":"AWS API Call via CloudTrail","source":"aws.signin","account":"111122223333","time":"2026-11-21T10:00:00Z","region":"us-east-1","resources":[],"detail":{{record}}}""";

    private async Task<int> MessagesInQueueAsync(string queueUrl)
    {
        using var sqs = emulator.CreateSqsClient();
        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        })).Attributes;
        return attributes.Values.Sum(v => int.Parse(v, CultureInfo.InvariantCulture));
    }
}

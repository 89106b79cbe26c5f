using System.Globalization;
using System.Net;
using Iota.Aws.Sqs;
using Iota.Aws.Tests.Emulator;
using Iota.Cli.Tests.Commands;

namespace Iota.Cli.Tests.Serve;

/// <summary>
/// <c>iota serve --mode sqs</c> as a child process against fauxqs through the real S3, SNS and SQS protocols:
/// objects uploaded, notifications sent direct and through SNS, alerts read from a file output.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class ServeSqsEmulatorTests(FauxqsFixture emulator) : IDisposable
{
    private const string Prefix = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/21/";
    private readonly TempStateDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Direct_and_SNS_wrapped_notifications_raise_alerts_and_their_messages_are_deleted()
    {
        var (queueUrl, bucket) = await CreateQueueAndBucketAsync();
        using var s3 = emulator.CreateS3Client();
        using var sqs = emulator.CreateSqsClient();
        using var sns = new SnsQueryClient(emulator.ServiceUrl);
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];
        var topicArn = await sns.CreateTopicAsync(FauxqsFixture.UniqueName("trail"));
        await sns.SubscribeQueueAsync(topicArn, queueArn);
        await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "direct file.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("direct-1")));
        await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "via-sns.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("sns-1"), CloudTrailFixtures.SlowCall("benign-1")));
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, Prefix + "direct file.json.gz")));
        await sns.PublishAsync(topicArn, CloudTrailFixtures.S3Event(bucket, Prefix + "via-sns.json.gz"), "Amazon S3 Notification");
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.TestEvent));
        string alertsFile = Path.Combine(_work.Path, "alerts.jsonl");

        using var serve = StartServe(queueUrl, alertsFile);
        await serve.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(alertsFile).Count == 2), "two alerts");
        await serve.WaitUntilAsync(async () => await MessagesInQueueAsync(queueUrl) == 0, "the queue to be empty");
        await serve.WaitUntilAsync(async () => (await serve.GetAsync("/metrics")).Body.Contains("iota_alerts_forwarded_total{output=\"file\",status=\"success\"} 2", StringComparison.Ordinal), "the forwarded counter");
        var metrics = (await serve.GetAsync("/metrics")).Body;
        var ready = await serve.GetAsync("/ready");
        int exitCode = await serve.TerminateAsync();

        Assert.Equal(["direct-1", "sns-1"], CloudTrailFixtures.ReadAlerts(alertsFile).Select(a => a.Dedup).Order(StringComparer.Ordinal));
        Assert.Contains("iota_sqs_messages_processed_total{status=\"ok\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("iota_sqs_messages_processed_total{status=\"ignored\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("iota_s3_objects_downloaded_total 2", metrics, StringComparison.Ordinal);
        Assert.Contains("iota_alerts_generated_total{rule_id=\"Test.RootLogin\",severity=\"HIGH\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("iota_events_processed_total{log_type=\"AWS.CloudTrail\",status=\"ok\"} 3", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Contains("\"ready\":true", ready.Body, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.Contains("Stopped: state saved", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_a_missing_object_is_never_deleted_and_is_left_for_the_dead_letter_policy_after_max_receives()
    {
        var (queueUrl, bucket) = await CreateQueueAndBucketAsync();
        using var s3 = emulator.CreateS3Client();
        using var sqs = emulator.CreateSqsClient();
        await CloudTrailFixtures.PutAsync(s3, bucket, Prefix + "good.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.RootLogin("good-1")));
        var poison = await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, Prefix + "missing.json.gz")));
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, Prefix + "good.json.gz")));
        string alertsFile = Path.Combine(_work.Path, "alerts.jsonl");

        using var serve = StartServe(queueUrl, alertsFile, "--max-receives", "2", "--visibility-timeout", "1s");
        await serve.WaitForLogAsync($"Message {poison.MessageId} failed on receive 1 of 2");
        await serve.WaitForLogAsync($"Message {poison.MessageId} failed on receive 2 of 2");
        await serve.WaitForLogAsync($"Message {poison.MessageId} was received 3 times");
        await serve.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(alertsFile).Count == 1), "the good message's alert");
        int left = await MessagesInQueueAsync(queueUrl);
        await serve.TerminateAsync();

        Assert.Equal(1, left);
        Assert.Contains("missing.json.gz", serve.Stderr, StringComparison.Ordinal);
        Assert.Equal("good-1", Assert.Single(CloudTrailFixtures.ReadAlerts(alertsFile)).Dedup);
        Assert.False(serve.Stderr.Contains($"Message {poison.MessageId} failed on receive 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_reports_the_queue_unreachable_while_health_stays_up_and_receive_errors_do_not_end_the_process()
    {
        var (queueUrl, _) = await CreateQueueAndBucketAsync();
        int closedPort = ServeProcess.FreePort();
        string alertsFile = Path.Combine(_work.Path, "alerts.jsonl");

        using var serve = ServeProcess.Start(
            "--mode", "sqs", "--sqs-queue-url", queueUrl, "--sqs-endpoint-url", $"http://127.0.0.1:{closedPort}",
            "--s3-endpoint-url", emulator.ServiceUrl, "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path),
            "--state", Path.Combine(_work.Path, "state"), "--output", $"file:{alertsFile}");
        await serve.WaitForHttpAsync();
        await serve.WaitForLogAsync("Receiving from");
        await serve.WaitForLogAsync("Receiving from");
        var ready = await serve.GetAsync("/ready");
        var health = await serve.GetAsync("/health");
        bool exitedEarly = serve.HasExited;
        int exitCode = await serve.TerminateAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("\"ready\":false", ready.Body, StringComparison.Ordinal);
        Assert.Contains($"queue: {queueUrl} is not reachable", ready.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.False(exitedEarly);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Ready_turns_unready_when_the_emulator_behind_the_queue_stops()
    {
        // An emulator of its own, so stopping it leaves the shared one to the other tests.
        var own = new FauxqsFixture();
        await own.InitializeAsync();
        try
        {
            string queueUrl = await own.CreateQueueAsync("down");
            using var serve = ServeProcess.Start(
                "--mode", "sqs", "--sqs-queue-url", queueUrl, "--endpoint-url", own.ServiceUrl,
                "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path), "--state", Path.Combine(_work.Path, "state"),
                "--output", $"file:{Path.Combine(_work.Path, "alerts.jsonl")}");
            await serve.WaitUntilAsync(async () => await IsReadyAsync(serve), "/ready to answer 200");

            await own.DisposeAsync();
            await serve.WaitUntilAsync(async () => !await IsReadyAsync(serve), "/ready to answer 503");
            var ready = await serve.GetAsync("/ready");
            var health = await serve.GetAsync("/health");
            await serve.TerminateAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
            Assert.Contains($"queue: {queueUrl} is not reachable", ready.Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, health.Status);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_process_killed_mid_object_and_restarted_with_the_same_state_loses_nothing_and_raises_no_alert_twice()
    {
        var (queueUrl, bucket) = await CreateQueueAndBucketAsync();
        using var s3 = emulator.CreateS3Client();
        using var sqs = emulator.CreateSqsClient();
        const int Objects = 12;
        for (int i = 0; i < Objects; i++)
        {
            // Each object takes about a second (ten slow events), so the kill lands while objects are in work.
            var records = new[] { CloudTrailFixtures.RootLogin($"root-{i}") }
                .Concat(Enumerable.Range(0, 10).Select(j => CloudTrailFixtures.SlowCall($"slow-{i}-{j}"))).ToArray();
            string key = Prefix + $"file-{i:D2}.json.gz";
            await CloudTrailFixtures.PutAsync(s3, bucket, key, CloudTrailFixtures.GzippedTrail(records));
            await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, key)));
        }

        string alertsFile = Path.Combine(_work.Path, "alerts.jsonl");
        string[] extra = ["--visibility-timeout", "2s", "--process-workers", "2"];
        using (var first = StartServe(queueUrl, alertsFile, extra))
        {
            await first.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(alertsFile).Count >= 1), "a first alert");
            first.Kill();
        }

        int deliveredBeforeKill = CloudTrailFixtures.ReadAlerts(alertsFile).Count;
        using var second = StartServe(queueUrl, alertsFile, extra);
        await second.WaitUntilAsync(
            () => Task.FromResult(CloudTrailFixtures.ReadAlerts(alertsFile).Select(a => a.Dedup).Distinct().Count() == Objects),
            "an alert for every object");
        await second.WaitUntilAsync(async () => await MessagesInQueueAsync(queueUrl) == 0, "the queue to be empty");
        await second.TerminateAsync();

        var alerts = CloudTrailFixtures.ReadAlerts(alertsFile);
        Assert.InRange(deliveredBeforeKill, 1, Objects - 1);
        Assert.Equal(Enumerable.Range(0, Objects).Select(i => $"root-{i}").Order(StringComparer.Ordinal), alerts.Select(a => a.Dedup).Distinct().Order(StringComparer.Ordinal));
        // One alert per event, however often its object was read: the unit key and alert dedup hold across the crash.
        Assert.All(alerts.GroupBy(a => a.Dedup), group => Assert.Single(group.Select(a => a.AlertId).Distinct()));
    }

    private ServeProcess StartServe(string queueUrl, string alertsFile, params string[] extra) => ServeProcess.Start(
        [
            "--mode", "sqs", "--sqs-queue-url", queueUrl, "--endpoint-url", emulator.ServiceUrl,
            "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path), "--state", Path.Combine(_work.Path, "state"),
            "--output", $"file:{alertsFile}", .. extra,
        ]);

    private static async Task<bool> IsReadyAsync(ServeProcess serve)
    {
        try
        {
            return (await serve.GetAsync("/ready")).Status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<(string QueueUrl, string Bucket)> CreateQueueAndBucketAsync() =>
        (await emulator.CreateQueueAsync("serve"), await emulator.CreateBucketAsync("serve"));

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

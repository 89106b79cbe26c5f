using System.Globalization;
using Iota.Aws.Sqs;
using Iota.Aws.Tests.Emulator;
using Iota.Cli.Tests.Commands;

namespace Iota.Cli.Tests.Serve;

/// <summary>SIGTERM with work in flight, and rules reloaded while serving.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class ServeShutdownTests(FauxqsFixture emulator) : IDisposable
{
    private readonly TempStateDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string AlertsFile => Path.Combine(_work.Path, "alerts.jsonl");

    [Fact]
    public async Task SIGTERM_lets_the_object_in_work_finish_delivers_its_alert_and_deletes_its_message()
    {
        string queueUrl = await SendSlowObjectAsync(slowEvents: 30);

        using var serve = Start(queueUrl);
        await serve.WaitUntilAsync(async () => await InFlightAsync(queueUrl) == 1, "the message to be received");
        bool doneBeforeSignal = serve.Stderr.Contains("processed and deleted", StringComparison.Ordinal);
        int exitCode = await serve.TerminateAsync();

        Assert.False(doneBeforeSignal);
        Assert.Equal(0, exitCode);
        Assert.Equal("slow-root", Assert.Single(CloudTrailFixtures.ReadAlerts(AlertsFile)).Dedup);
        Assert.Equal(0, await InQueueAsync(queueUrl));
        Assert.Contains("processed and deleted", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains("Stopped: state saved; 0 alert deliveries still queued", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Work_that_outlasts_the_grace_period_is_abandoned_unacknowledged_and_done_once_after_restart()
    {
        string queueUrl = await SendSlowObjectAsync(slowEvents: 60);

        using (var first = Start(queueUrl, "--grace-period", "2s", "--visibility-timeout", "2s"))
        {
            await first.WaitUntilAsync(async () => await InFlightAsync(queueUrl) == 1, "the message to be received");
            await first.TerminateAsync();
            Assert.Contains("abandoning units still in work", first.Stderr, StringComparison.Ordinal);
        }

        int leftInQueue = await InQueueAsync(queueUrl);
        using var second = Start(queueUrl);
        await second.WaitUntilAsync(async () => await InQueueAsync(queueUrl) == 0, "the message to be processed after the restart");
        await second.TerminateAsync();

        Assert.Equal(1, leftInQueue);
        Assert.Equal("slow-root", Assert.Single(CloudTrailFixtures.ReadAlerts(AlertsFile).DistinctBy(a => a.AlertId)).Dedup);
    }

    [Fact]
    public async Task A_rule_added_while_serving_is_loaded_and_applies_to_the_next_message()
    {
        string queueUrl = await emulator.CreateQueueAsync("reload");
        string bucket = await emulator.CreateBucketAsync("reload");
        using var s3 = emulator.CreateS3Client();
        using var sqs = emulator.CreateSqsClient();
        string rules = CloudTrailFixtures.WriteRuleFolder(_work.Path);

        using var serve = Start(queueUrl);
        await serve.WaitForHttpAsync();
        await File.WriteAllTextAsync(Path.Combine(rules, "SlowCallSeen.csx"), """
            using Iota.Sdk;

            public sealed class SlowCallSeen : Rule
            {
                public override string Id => "Test.SlowCallSeen";
                public override IReadOnlyList<string> EventNames => ["SlowCall"];
                public override bool Match(Event e) => true;
                public override string Dedup(Event e) => e.EventId.ToString();
            }
            """);
        await serve.WaitForLogAsync("Rules reloaded: 2 rules");
        await CloudTrailFixtures.PutAsync(s3, bucket, "after.json.gz", CloudTrailFixtures.GzippedTrail(CloudTrailFixtures.SlowCall("after-reload")));
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, "after.json.gz")));
        await serve.WaitUntilAsync(() => Task.FromResult(CloudTrailFixtures.ReadAlerts(AlertsFile).Count == 1), "the new rule's alert");
        string metrics = (await serve.GetAsync("/metrics")).Body;
        await serve.TerminateAsync();

        Assert.Equal("after-reload", Assert.Single(CloudTrailFixtures.ReadAlerts(AlertsFile)).Dedup);
        Assert.Contains("iota_rule_reloads_total{result=\"success\"}", metrics, StringComparison.Ordinal);
    }

    private ServeProcess Start(string queueUrl, params string[] extra) => ServeProcess.Start(
        [
            "--mode", "sqs", "--sqs-queue-url", queueUrl, "--endpoint-url", emulator.ServiceUrl,
            "--rules", Path.Combine(_work.Path, "rules"), "--state", Path.Combine(_work.Path, "state"),
            "--output", $"file:{AlertsFile}", .. extra,
        ]);

    private async Task<string> SendSlowObjectAsync(int slowEvents)
    {
        CloudTrailFixtures.WriteRuleFolder(_work.Path);
        string queueUrl = await emulator.CreateQueueAsync("shutdown");
        string bucket = await emulator.CreateBucketAsync("shutdown");
        using var s3 = emulator.CreateS3Client();
        using var sqs = emulator.CreateSqsClient();
        // The alerting event comes last, so the alert exists only if the whole object was processed.
        var records = Enumerable.Range(0, slowEvents).Select(i => CloudTrailFixtures.SlowCall($"slow-{i}"))
            .Append(CloudTrailFixtures.RootLogin("slow-root")).ToArray();
        await CloudTrailFixtures.PutAsync(s3, bucket, "slow.json.gz", CloudTrailFixtures.GzippedTrail(records));
        await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, CloudTrailFixtures.S3Event(bucket, "slow.json.gz")));
        return queueUrl;
    }

    private async Task<int> InFlightAsync(string queueUrl) => (await AttributesAsync(queueUrl))["ApproximateNumberOfMessagesNotVisible"];

    private async Task<int> InQueueAsync(string queueUrl) => (await AttributesAsync(queueUrl)).Values.Sum();

    private async Task<Dictionary<string, int>> AttributesAsync(string queueUrl)
    {
        using var sqs = emulator.CreateSqsClient();
        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        })).Attributes;
        return attributes.ToDictionary(a => a.Key, a => int.Parse(a.Value, CultureInfo.InvariantCulture));
    }
}

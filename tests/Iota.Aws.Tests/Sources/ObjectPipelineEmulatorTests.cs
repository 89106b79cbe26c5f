using System.IO.Compression;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Iota.Aws.Notifications;
using Iota.Aws.S3;
using Iota.Aws.Sources;
using Iota.Aws.Tests.Emulator;
using Iota.Engine;
using Iota.Pipeline;
using Iota.Pipeline.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Iota.Aws.Tests.Sources;

/// <summary>The download → process pipeline over fauxqs S3 with real state on disk.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class ObjectPipelineEmulatorTests(FauxqsFixture emulator) : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "iota-aws-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    [Fact]
    public async Task An_object_is_one_unit_keyed_by_bucket_key_and_etag_and_moves_its_integration_forward()
    {
        string bucket = await emulator.CreateBucketAsync("pipeline");
        using var s3 = emulator.CreateS3Client();
        const string Key = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/21/one.json.gz";
        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = Key,
            InputStream = new MemoryStream(Gzip(
                """{"Records":[{"eventID":"a","eventTime":"2026-11-21T10:00:00Z","eventName":"ListBuckets"},{"eventID":"b","eventTime":"2026-11-21T11:30:00Z","eventName":"ListBuckets"}]}""")),
        });
        await using var parts = await Parts.OpenAsync(_state, emulator, bucket, "AWSLogs/111122223333/");

        var result = await parts.Pipeline.ProcessObjectAsync(new S3ObjectReference(bucket, Key, null, null, null, "ObjectCreated:Put"), CancellationToken.None);

        Assert.Equal($"s3://{bucket}/{Key}#{put.ETag.Trim('"')}", result.UnitKey);
        Assert.Equal(2, result.Outcome.Events);
        Assert.True(parts.Alerts.IsUnitCommitted(result.UnitKey));
        var integration = parts.Integrations.Get("prod")!;
        Assert.Equal(IntegrationStatus.Active, integration.Status);
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T11:30:00Z", System.Globalization.CultureInfo.InvariantCulture), integration.LastEventTime);
    }

    [Fact]
    public async Task A_large_json_lines_object_is_processed_in_parts_each_committed_and_a_redelivery_finds_them_done()
    {
        string bucket = await emulator.CreateBucketAsync("pipeline");
        using var s3 = emulator.CreateS3Client();
        const string Key = "AWSLogs/111122223333/export/lines.jsonl.gz";
        // About 160 KB of lines (80 KB as gzip) read in 16 KB parts; the latest event sits in a middle part.
        var lines = Enumerable.Range(0, 400).Select(i =>
            $$$"""{"eventID":"e{{{i}}}","eventTime":"2026-11-21T{{{(i == 200 ? 23 : 10):D2}}}:00:00Z","eventName":"GetObject","requestParameters":{"key":"{{{Noise(i)}}}"}}""");
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = Key, InputStream = new MemoryStream(Gzip(string.Join("\n", lines))) });
        string unit = $"s3://{bucket}/{Key}#{put.ETag.Trim('"')}";
        var reference = new S3ObjectReference(bucket, Key, null, null, null, "ObjectCreated:Put");

        UnitResult first;
        UnitResult again;
        await using (var parts = await Parts.OpenAsync(_state, emulator, bucket, "AWSLogs/111122223333/", partBytes: 16 * 1024))
        {
            first = await parts.Pipeline.ProcessObjectAsync(reference, CancellationToken.None);
            again = await parts.Pipeline.ProcessObjectAsync(reference, CancellationToken.None);
            Assert.True(parts.Alerts.IsUnitCommitted(unit + "@0"));
            Assert.False(parts.Alerts.IsUnitCommitted(unit));
            Assert.Equal(DateTimeOffset.Parse("2026-11-21T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture), parts.Integrations.Get("prod")!.LastEventTime);
        }

        Assert.Equal(unit, first.UnitKey);
        Assert.Equal(400, first.Outcome.Events);
        Assert.Equal(0, first.Outcome.Duplicates);
        Assert.Empty(first.Errors);
        Assert.Equal(400, again.Outcome.Duplicates);
        long units = CountUnits(unit + "@%");
        Assert.InRange(units, 8, 12);
    }

    [Fact]
    public async Task A_missing_object_fails_its_unit_and_commits_nothing()
    {
        string bucket = await emulator.CreateBucketAsync("pipeline");
        await using var parts = await Parts.OpenAsync(_state, emulator, bucket, "AWSLogs/");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            parts.Pipeline.ProcessObjectAsync(new S3ObjectReference(bucket, "AWSLogs/none.json.gz", null, null, null, "ObjectCreated:Put"), CancellationToken.None));

        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.False(parts.Alerts.IsUnitCommitted($"s3://{bucket}/AWSLogs/none.json.gz#"));
        Assert.Null(parts.Integrations.Get("prod")!.LastEventTime);
    }

    [Fact]
    public void Integrations_without_events_for_longer_than_the_limit_become_inactive()
    {
        using var database = StateDatabase.Open(_state);
        var store = new IntegrationStore(database);
        var now = DateTimeOffset.Parse("2026-11-21T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        store.Add(new Integration { Label = "fresh", AccountId = "111122223333", Bucket = "b" }, now);
        store.Add(new Integration { Label = "stale", AccountId = "444455556666", Bucket = "b" }, now);
        store.RecordEvents("fresh", now.AddMinutes(-10));
        store.RecordEvents("stale", now.AddHours(-30));

        var marked = IntegrationActivity.MarkQuiet(store, now, TimeSpan.FromHours(24));

        Assert.Equal(["stale"], marked);
        Assert.Equal(IntegrationStatus.Active, store.Get("fresh")!.Status);
        Assert.Equal(IntegrationStatus.Inactive, store.Get("stale")!.Status);
    }

    /// <summary>Units committed under keys LIKE <paramref name="pattern"/>, read the way an operator with sqlite3 would.</summary>
    private long CountUnits(string pattern)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_state, "state.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM processed_units WHERE unit_key LIKE $pattern";
        command.Parameters.AddWithValue("$pattern", pattern);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>256 hex digits that do not compress away, the same every run.</summary>
    private static string Noise(int seed)
    {
        byte[] bytes = new byte[128];
        new Random(seed).NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    /// <summary>A pipeline with no rules over real state in <c>state</c>, reading fauxqs S3.</summary>
    private sealed class Parts : IAsyncDisposable
    {
        private readonly StateDatabase _database;
        private readonly EventFilter _filter;
        private readonly RuleEngine _engine;
        private readonly S3Access _s3;

        private Parts(string state, FauxqsFixture emulator, string bucket, string prefix, int partBytes)
        {
            string rules = Path.Combine(state, "rules");
            Directory.CreateDirectory(rules);
            _database = StateDatabase.Open(state);
            _filter = EventFilter.Open(state);
            _engine = new RuleEngine(RuleLoader.Load([rules]));
            Alerts = new AlertStore(_database);
            Integrations = new IntegrationStore(_database);
            Integrations.Add(new Integration { Label = "prod", AccountId = "111122223333", Bucket = bucket, Prefix = prefix }, DateTimeOffset.UtcNow);
            _s3 = new S3Access(
                new S3AccessOptions { ServiceUrl = emulator.ServiceUrl, Region = FauxqsFixture.Region, Credentials = FauxqsFixture.Credentials },
                Integrations.List());
            Pipeline = new ObjectPipeline(
                new UnitProcessor(_engine, _filter, Alerts, []), _s3, Integrations, new ObjectPipelineOptions { DownloadWorkers = 2, ProcessWorkers = 2, PartBytes = partBytes }, NullLogger.Instance);
        }

        public ObjectPipeline Pipeline { get; }

        public AlertStore Alerts { get; }

        public IntegrationStore Integrations { get; }

        public static Task<Parts> OpenAsync(string state, FauxqsFixture emulator, string bucket, string prefix, int partBytes = FileRunner.DefaultPartBytes) =>
            Task.FromResult(new Parts(state, emulator, bucket, prefix, partBytes));

        public async ValueTask DisposeAsync()
        {
            await Pipeline.DisposeAsync();
            _s3.Dispose();
            _engine.Dispose();
            _filter.Dispose();
            _database.Dispose();
        }
    }
}

using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iota.Pipeline.Generation;

namespace Iota.Pipeline.Tests.Generation;

public sealed partial class CloudTrailCorpusGeneratorTests : IDisposable
{
    // Event names the ordinary traffic never uses; each one is a risky management event.
    private static readonly HashSet<string> RiskyEventNames =
    [
        "StopLogging", "DeleteTrail", "DeleteDetector", "PutBucketPolicy", "AuthorizeSecurityGroupIngress",
        "ScheduleKeyDeletion", "DisableKey", "ModifySnapshotAttribute", "DeleteBucketEncryption", "PutBucketVersioning",
        "DeleteBucketPublicAccessBlock", "CreateAccessKey", "AttachUserPolicy", "AttachRolePolicy", "LeaveOrganization",
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "iota-corpus-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Same_seed_writes_identical_bytes()
    {
        var first = Path.Combine(_root, "first");
        var second = Path.Combine(_root, "second");
        CloudTrailCorpusGenerator.Generate(first, files: 5, eventsPerFile: 300, seed: 42);
        CloudTrailCorpusGenerator.Generate(second, files: 5, eventsPerFile: 300, seed: 42);

        var firstFiles = RelativeFiles(first);
        Assert.Equal(firstFiles, RelativeFiles(second));
        foreach (var file in firstFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        }
    }

    [Fact]
    public void Different_seed_writes_different_files()
    {
        var first = Path.Combine(_root, "first");
        var second = Path.Combine(_root, "second");
        CloudTrailCorpusGenerator.Generate(first, files: 2, eventsPerFile: 100, seed: 1);
        CloudTrailCorpusGenerator.Generate(second, files: 2, eventsPerFile: 100, seed: 2);

        Assert.NotEqual(RelativeFiles(first), RelativeFiles(second));
        var firstRecords = ReadAll(first).Select(r => r.GetProperty("eventID").GetString()).ToHashSet();
        Assert.DoesNotContain(ReadAll(second), r => firstRecords.Contains(r.GetProperty("eventID").GetString()));
    }

    [Fact]
    public void Every_file_is_gzip_json_with_the_requested_records_and_the_summary_adds_up()
    {
        var progress = new RecordingProgress();
        var summary = CloudTrailCorpusGenerator.Generate(_root, files: 7, eventsPerFile: 250, seed: 7, progress);

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.Equal(7, files.Length);
        long uncompressed = 0;
        foreach (var file in files)
        {
            var json = Decompress(file);
            uncompressed += json.Length;
            using var document = JsonDocument.Parse(json);
            var records = document.RootElement.GetProperty("Records");
            Assert.Equal(250, records.GetArrayLength());
            foreach (var record in records.EnumerateArray())
            {
                Assert.Matches(UuidPattern(), record.GetProperty("eventID").GetString());
                Assert.True(record.GetProperty("eventTime").TryGetDateTime(out _));
                foreach (var field in (string[])["eventVersion", "userIdentity", "eventSource", "eventName", "awsRegion",
                             "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "requestID",
                             "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory"])
                {
                    Assert.True(record.TryGetProperty(field, out _), $"{file}: record without {field}");
                }
            }
        }

        Assert.Equal(new CorpusSummary(7, 7 * 250, summary.RiskyEvents, uncompressed, files.Sum(f => new FileInfo(f).Length)), summary);
        Assert.Equal(Enumerable.Range(1, 7), progress.Reports.Order());
    }

    [Fact]
    public void Files_follow_the_AWSLogs_layout_of_their_account_and_region()
    {
        CloudTrailCorpusGenerator.Generate(_root, files: 24, eventsPerFile: 20, seed: 3);

        var accounts = new HashSet<string>();
        var regions = new HashSet<string>();
        foreach (var file in RelativeFiles(_root))
        {
            var match = LayoutPattern().Match(file);
            Assert.True(match.Success, file);
            var account = match.Groups["account"].Value;
            var region = match.Groups["region"].Value;
            accounts.Add(account);
            regions.Add(region);
            using var document = JsonDocument.Parse(Decompress(Path.Combine(_root, file)));
            foreach (var record in document.RootElement.GetProperty("Records").EnumerateArray())
            {
                Assert.Equal(account, record.GetProperty("recipientAccountId").GetString());
                Assert.Equal(region, record.GetProperty("awsRegion").GetString());
            }
        }

        Assert.True(accounts.Count >= 3, "several accounts");
        Assert.True(regions.Count >= 3, "several regions");
    }

    [Fact]
    public void Average_record_is_about_the_size_of_a_real_one()
    {
        var summary = CloudTrailCorpusGenerator.Generate(_root, files: 6, eventsPerFile: 1000, seed: 11);

        var average = (double)summary.UncompressedBytes / summary.Events;
        Assert.InRange(average, 1100, 1600);
    }

    [Fact]
    public void Risky_tail_is_present_but_thin_and_summary_counts_it()
    {
        var summary = CloudTrailCorpusGenerator.Generate(_root, files: 12, eventsPerFile: 1500, seed: 5);

        var records = ReadAll(_root);
        var risky = records.Count(IsRisky);
        Assert.Equal(summary.RiskyEvents, risky);
        Assert.InRange((double)risky / records.Count, 0.001, 0.005);
        var riskyNames = records.Where(IsRisky).Select(r => r.GetProperty("eventName").GetString()).ToHashSet();
        Assert.True(riskyNames.Count >= 8, $"risky tail is varied: {string.Join(", ", riskyNames)}");
        Assert.Equal(records.Count, records.Select(r => r.GetProperty("eventID").GetString()).Distinct().Count());
    }

    [Fact]
    public void Traffic_is_mostly_reads_and_data_events()
    {
        CloudTrailCorpusGenerator.Generate(_root, files: 3, eventsPerFile: 1000, seed: 9);

        var records = ReadAll(_root);
        var dataEvents = records.Count(r => r.GetProperty("eventCategory").GetString() == "Data");
        var readOnly = records.Count(r => r.GetProperty("readOnly").GetBoolean());
        Assert.InRange((double)dataEvents / records.Count, 0.2, 0.6);
        Assert.True(readOnly > records.Count * 0.7, $"{readOnly} of {records.Count} read-only");
        var identityTypes = records.Select(r => r.GetProperty("userIdentity").GetProperty("type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "IAMUser", "AssumedRole", "AWSService" }, identityTypes);
    }

    private static bool IsRisky(JsonElement record)
    {
        var name = record.GetProperty("eventName").GetString()!;
        if (RiskyEventNames.Contains(name) || record.TryGetProperty("errorCode", out _)
            || record.GetProperty("userAgent").GetString()!.Contains("kali", StringComparison.Ordinal))
        {
            return true;
        }

        return name == "ConsoleLogin"
            && (record.GetProperty("userIdentity").GetProperty("type").GetString() == "Root"
                || record.GetProperty("additionalEventData").GetProperty("MFAUsed").GetString() == "No");
    }

    private static List<JsonElement> ReadAll(string root) =>
        Directory.GetFiles(root, "*.json.gz", SearchOption.AllDirectories)
            .SelectMany(file => JsonDocument.Parse(Decompress(file)).RootElement.GetProperty("Records").EnumerateArray())
            .ToList();

    private static byte[] Decompress(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static List<string> RelativeFiles(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^AWSLogs/(?<account>\d{12})/CloudTrail/(?<region>[a-z]{2}-[a-z]+-\d)/\d{4}/\d{2}/\d{2}/\k<account>_CloudTrail_\k<region>_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$")]
    private static partial Regex LayoutPattern();

    private sealed class RecordingProgress : IProgress<int>
    {
        private readonly ConcurrentBag<int> _reports = [];

        public IEnumerable<int> Reports => _reports;

        public void Report(int value) => _reports.Add(value);
    }
}

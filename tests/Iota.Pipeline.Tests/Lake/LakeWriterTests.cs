using System.Diagnostics;
using System.Text.Json;
using Iota.Engine;
using Iota.Pipeline.Lake;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;

namespace Iota.Pipeline.Tests.Lake;

public sealed class LakeWriterTests : IDisposable
{
    private readonly LakeFolder _lake = new();

    public void Dispose() => _lake.Dispose();

    [Fact]
    public void WritesEachEventToTheHourOfItsOwnTimeAcrossHourAndYearBoundaries()
    {
        using (LakeWriter writer = _lake.Writer())
        using (EventBatch batch = _lake.Batch(
            "a.json",
            ("e1", "2025-12-31T23:59:59Z"), ("e2", "2026-01-01T00:00:00Z"), ("e3", "2026-01-01T00:59:59Z"), ("e4", "2026-01-01T01:00:00Z")))
        {
            writer.Stage(batch, "unit-a");
            writer.Committed("unit-a");
        }

        Assert.Equal(
            [
                "logs/aws_cloudtrail/year=2025/month=12/day=31/hour=23/",
                "logs/aws_cloudtrail/year=2026/month=01/day=01/hour=00/",
                "logs/aws_cloudtrail/year=2026/month=01/day=01/hour=01/",
            ],
            _lake.DataFiles().Select(f => f[..(f.LastIndexOf('/') + 1)]));
        Assert.Matches(@"/\d{8}T\d{9}Z-[0-9a-f]{32}\.json\.gz$", _lake.DataFiles()[0]);
        Assert.Equal(["2", "e2,e3"], _lake.Query(
            "select count(*), string_agg(eventID, ',' order by eventID) from rows where p_event_time >= timestamp '2026-01-01 00:00:00' and p_event_time < timestamp '2026-01-01 01:00:00'"));
    }

    [Fact]
    public void AnEventWithoutATimeGoesToTheHourItWasProcessedInUnderItsLogType()
    {
        string path = Path.Combine(_lake.Root, "no-time.jsonl");
        File.WriteAllText(path, "{\"eventVersion\":\"1.09\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"n1\"}\n");
        DateTimeOffset before = DateTimeOffset.UtcNow;
        using (LakeWriter writer = _lake.Writer())
        using (var batch = new EventBatch())
        {
            batch.LoadFile(path);
            writer.Stage(batch, "unit-n");
        }

        DateTimeOffset after = DateTimeOffset.UtcNow;
        string folder = _lake.DataFiles().Single()[..(_lake.DataFiles().Single().LastIndexOf('/') + 1)];
        // Without an eventTime the classifier does not call it CloudTrail: it is kept, as the unknown log type.
        Assert.Contains(folder, new[] { LakePartition.Prefix("unknown", before), LakePartition.Prefix("unknown", after) });
    }

    [Fact]
    public void FilesAreGzipNdjsonThatPlainGzipReadsWithTheOriginalRecordAndLakeFields()
    {
        using (LakeWriter writer = _lake.Writer())
        using (EventBatch batch = _lake.Batch("b.json", ("e1", "2026-11-04T10:00:00Z"), ("e2", "2026-11-04T10:03:07.0429Z")))
        {
            writer.Stage(batch, "unit-b");
        }

        string[] lines = GunzipOnlyDataFile();
        Assert.Equal(2, lines.Length);
        using JsonDocument row = JsonDocument.Parse(lines[0]);
        JsonElement root = row.RootElement;
        Assert.Equal("e1", root.GetProperty("eventID").GetString());
        Assert.Equal("GetObject", root.GetProperty("eventName").GetString());
        Assert.Equal("AWS.CloudTrail", root.GetProperty("p_log_type").GetString());
        Assert.Equal("2026-11-04 10:00:00.000", root.GetProperty("p_event_time").GetString());
        using (JsonDocument second = JsonDocument.Parse(lines[1]))
        {
            Assert.Equal("2026-11-04 10:03:07.042", second.RootElement.GetProperty("p_event_time").GetString());
        }

        Assert.Equal(Path.Combine(_lake.Root, "b.json"), root.GetProperty("p_source").GetString());
        Assert.Matches("^[0-9a-f]{16}$", root.GetProperty("p_row_id").GetString());
        Assert.StartsWith("{\"eventVersion\":\"1.09\",\"eventTime\":\"2026-11-04T10:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\", ", lines[0], StringComparison.Ordinal);

        Assert.Equal(["2", "GetObject"], _lake.Query("select count(*), min(eventName) from rows"));
    }

    [Fact]
    public void AUnitWithRowsFarBeyondOneCompressionChunkKeepsEveryRowInOrder()
    {
        // About 1,500 rows of a few hundred bytes in one hour: several times the 64 KB the writer compresses at once.
        var events = Enumerable.Range(0, 1500).Select(i => ($"big{i:D4}", $"2026-11-04T10:{i % 60:D2}:00Z")).ToArray();
        using (LakeWriter writer = _lake.Writer())
        using (EventBatch batch = _lake.Batch("big.json", events))
        {
            writer.Stage(batch, "unit-big");
        }

        string[] lines = GunzipOnlyDataFile();

        Assert.Equal(events.Select(e => e.Item1), lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("eventID").GetString()));
        Assert.True(lines.Sum(line => line.Length + 1) > 4 * 64 * 1024, $"{lines.Sum(line => line.Length + 1)} bytes of rows");
    }

    [Fact]
    public void FlushesOnTheTimerWithoutFurtherEvents()
    {
        using LakeWriter writer = _lake.Writer(flushInterval: TimeSpan.FromMilliseconds(200));
        using (EventBatch batch = _lake.Batch("c.json", ("e1", "2026-11-04T10:00:00Z")))
        {
            writer.Stage(batch, "unit-c");
        }

        Assert.Empty(_lake.DataFiles());
        Assert.Single(_lake.WaitForDataFiles(1));
        Assert.Equal(["1"], _lake.Query("select count(*) from rows"));
    }

    [Fact]
    public void FlushesAtShutdownAndWhenAPartitionBufferIsFull()
    {
        LakeWriter writer = _lake.Writer(maxBufferBytes: 1);
        using (EventBatch batch = _lake.Batch("d.json", ("e1", "2026-11-04T10:00:00Z")))
        {
            writer.Stage(batch, "unit-d1");
        }

        Assert.Single(_lake.WaitForDataFiles(1));
        writer.Dispose();

        writer = _lake.Writer();
        using (EventBatch batch = _lake.Batch("e.json", ("e2", "2026-11-04T10:00:00Z")))
        {
            writer.Stage(batch, "unit-d2");
        }

        Assert.Single(_lake.DataFiles());
        writer.Dispose();
        Assert.Equal(2, _lake.DataFiles().Count);
        Assert.Equal(["2"], _lake.Query("select count(distinct p_row_id) from rows"));
    }

    [Fact]
    public void AUnitReprocessedAfterACrashAddsNoRowsAndAHalfStagedUnitIsCutOff()
    {
        // The first run stages unit A, then crashes before A is committed, half-way through staging unit B.
        LakeWriter crashed = _lake.Writer();
        using (EventBatch a = _lake.Batch("a.json", ("a1", "2026-11-04T10:00:00Z"), ("a2", "2026-11-04T11:00:00Z")))
        {
            crashed.Stage(a, "unit-a");
        }

        string staged = Directory.EnumerateFiles(_lake.Staging, "*.json.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.AppendAllText(staged, "{\"eventID\":\"b1\",\"p_row_id\":\"0000000000000001\"}\n{\"eventID\":\"b2\",\"p_ro");

        // The next run finds the staged rows, and both units are processed again.
        using (LakeWriter restarted = _lake.Writer())
        {
            using EventBatch a = _lake.Batch("a.json", ("a1", "2026-11-04T10:00:00Z"), ("a2", "2026-11-04T11:00:00Z"));
            restarted.Stage(a, "unit-a");
            restarted.Committed("unit-a");
            using EventBatch b = _lake.Batch("b.json", ("b1", "2026-11-04T10:00:00Z"), ("b2", "2026-11-04T10:05:00Z"));
            restarted.Stage(b, "unit-b");
            restarted.Committed("unit-b");
        }

        Assert.Equal(["4", "4", "a1,a2,b1,b2"], _lake.Query("select count(*), count(distinct p_row_id), string_agg(eventID, ',' order by eventID) from rows"));
        GC.KeepAlive(crashed);
    }

    [Fact]
    public void AUnitProcessedAgainThroughTheProcessorAddsNoRows()
    {
        string rules = Directory.CreateDirectory(Path.Combine(_lake.Root, "rules")).FullName;
        using var engine = new RuleEngine(RuleLoader.Load([rules]));
        using StateDatabase database = StateDatabase.Open(null);
        using EventFilter filter = EventFilter.Open(null, capacity: 1000);
        using (LakeWriter writer = _lake.Writer())
        {
            var processor = new UnitProcessor(engine, filter, new AlertStore(database), [OutputRoute.All("stdout")], lake: writer);
            using EventBatch first = _lake.Batch("f.json", ("f1", "2026-11-04T10:00:00Z"), ("f2", "2026-11-04T10:01:00Z"));
            processor.Process(first, "unit-f", _ => { });
            using EventBatch again = _lake.Batch("f.json", ("f1", "2026-11-04T10:00:00Z"), ("f2", "2026-11-04T10:01:00Z"), ("f3", "2026-11-04T10:02:00Z"));
            UnitOutcome outcome = processor.Process(again, "unit-f-grown", _ => { });
            Assert.Equal(2, outcome.Duplicates);
        }

        Assert.Equal(["3", "3"], _lake.Query("select count(*), count(distinct p_row_id) from rows"));
    }

    /// <summary>The lines of the lake's only data file, decompressed by the system's gzip as any other tool would.</summary>
    private string[] GunzipOnlyDataFile()
    {
        string file = Path.Combine(_lake.LakeRoot, _lake.DataFiles().Single());
        using var gzip = Process.Start(new ProcessStartInfo("gzip", ["-dc", file]) { RedirectStandardOutput = true })!;
        string text = gzip.StandardOutput.ReadToEnd();
        gzip.WaitForExit();
        Assert.Equal(0, gzip.ExitCode);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

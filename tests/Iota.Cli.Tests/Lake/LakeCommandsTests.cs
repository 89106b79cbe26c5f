using System.Text.Json;
using Iota.Cli.Tests.EndToEnd;

namespace Iota.Cli.Tests.Lake;

/// <summary><c>iota run --lake</c>, <c>iota query</c>, <c>iota replay</c> and <c>iota lake ddl</c> end to end, as real processes over samples/.</summary>
public sealed class LakeCommandsTests : IDisposable
{
    private const string ConsoleLoginRule = """
        public sealed class ConsoleSignIn : Rule
        {
            public override string Id => "Test.ConsoleSignIn";
            public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];
            public override bool Match(Event e) => true;
            public override string Dedup(Event e) => e.UserIdentity.Arn.ToString();
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("iota-lake-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Lake => Path.Combine(_root, "lake");

    private string Samples => Path.Combine(IotaProcess.RepositoryRoot, "samples");

    private IotaProcess.Result Iota(params string[] args) => IotaProcess.Run(IotaProcess.RepositoryRoot, Path.Combine(_root, "cache"), args);

    [Fact]
    public void QueriesALakeBuiltFromSamplesAsATableJsonAndCsv()
    {
        string rules = Directory.CreateDirectory(Path.Combine(_root, "no-rules")).FullName;
        var run = Iota("run", Samples, "--lake", Lake, "--rules", rules);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("lake: 474 events", run.Stderr, StringComparison.Ordinal);

        var table = Iota("query", "select eventName, count(*) as n from aws_cloudtrail group by 1 order by 2 desc, 1", "--lake", Lake);
        Assert.True(table.ExitCode == 0, table.Stderr);
        string[] lines = table.Stdout.Split('\n');
        Assert.Contains(lines, l => l.Contains("eventName", StringComparison.Ordinal) && l.Contains(" n ", StringComparison.Ordinal));
        Assert.Matches(@"│ GetObject\s+│\s+62 │", table.Stdout);

        var json = Iota("query", "select count(*) as total, count(distinct p_row_id) as ids, count(distinct eventID) as events from aws_cloudtrail", "--lake", Lake, "--format", "json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        using (JsonDocument row = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal(474, row.RootElement.GetProperty("total").GetInt64());
            Assert.Equal(474, row.RootElement.GetProperty("ids").GetInt64());
            Assert.Equal(474, row.RootElement.GetProperty("events").GetInt64());
        }

        var csv = Iota(
            "query", "select eventName, userIdentity.type as identity_type, json_extract_scalar(requestParameters, '$.bucketName') as bucket from aws_cloudtrail where eventID = 'b7e4f0c2-5a3d-4c1e-9f6b-2d8a0e7c4b19' or eventName = 'GetObject' order by eventTime limit 1",
            "--lake", Lake, "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        string[] csvLines = csv.Stdout.TrimEnd().Split('\n');
        Assert.Equal("eventName,identity_type,bucket", csvLines[0]);
        Assert.Matches("^GetObject,AssumedRole,examplecorp-", csvLines[1]);

        // The time range prunes partitions: one day of the three.
        var day = Iota("query", "select count(*) as n, min(p_event_time) >= timestamp '2026-11-04' as after from aws_cloudtrail", "--lake", Lake, "--start", "2026-11-04T00:00:00Z", "--end", "2026-11-05T00:00:00Z", "--format", "csv");
        Assert.True(day.ExitCode == 0, day.Stderr);
        var all = Iota("query", "select count(*) from aws_cloudtrail where year = 2026 and month = 11 and day = 4", "--lake", Lake, "--format", "csv");
        Assert.Equal(all.Stdout.Split('\n')[1], day.Stdout.Split('\n')[1].Split(',')[0]);
        Assert.EndsWith(",true", day.Stdout.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsSqlErrorsAndAMissingLake()
    {
        Directory.CreateDirectory(Lake);
        var bad = Iota("query", "select nope from aws_cloudtrail", "--lake", Lake);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("nope", bad.Stderr, StringComparison.Ordinal);

        var missing = Iota("query", "select 1", "--lake", Path.Combine(_root, "absent"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no lake at", missing.Stderr, StringComparison.Ordinal);

        // A replay of a lake that is not there says so instead of replaying nothing.
        var replay = Iota("replay", "--lake", Path.Combine(_root, "absent"), "--last", "7d");
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains($"iota replay: no lake at {Path.Combine(_root, "absent")}", replay.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplaysTheLakeAndPrintsTheAlertsARuleWouldHaveRaisedWithoutSendingThem()
    {
        string noRules = Directory.CreateDirectory(Path.Combine(_root, "no-rules")).FullName;
        Assert.Equal(0, Iota("run", Samples, "--lake", Lake, "--rules", noRules).ExitCode);
        string rules = Directory.CreateDirectory(Path.Combine(_root, "rules")).FullName;
        File.WriteAllText(Path.Combine(rules, "ConsoleSignIn.csx"), ConsoleLoginRule);

        var replay = Iota("replay", "--lake", Lake, "--rules", rules);
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        var fromLake = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(fromLake);
        Assert.All(fromLake, a => Assert.Equal("Test.ConsoleSignIn", a.GetProperty("rule_id").GetString()));
        Assert.Contains("not sent", replay.Stderr, StringComparison.Ordinal);

        // The same rule over the original files raises the same alerts; a range narrows them to its own events.
        var fromFiles = Iota("replay", Samples, "--rules", rules);
        Assert.Equal(fromLake.Count, fromFiles.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var oneDay = Iota("replay", "--lake", Lake, "--rules", rules, "--start", "2026-11-04", "--end", "2026-11-05");
        var dayAlerts = oneDay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(dayAlerts.Count < fromLake.Count, oneDay.Stderr);
        Assert.All(dayAlerts, a => Assert.StartsWith("2026-11-04", a.GetProperty("event_time").GetString(), StringComparison.Ordinal));

        // --notify sends them through the outputs instead.
        string sent = Path.Combine(_root, "sent.jsonl");
        var notified = Iota("replay", "--lake", Lake, "--rules", rules, "--notify", "--output", $"file:{sent}");
        Assert.True(notified.ExitCode == 0, notified.Stderr);
        Assert.Empty(notified.Stdout);
        Assert.Equal(fromLake.Count, File.ReadAllLines(sent).Length);
    }

    [Fact]
    public void PrintsAthenaDdlWithPartitionProjection()
    {
        var ddl = Iota("lake", "ddl", "--bucket", "my-lake", "--prefix", "iota/", "--first-year", "2024");
        Assert.True(ddl.ExitCode == 0, ddl.Stderr);
        string text = ddl.Stdout;
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS aws_cloudtrail (", text, StringComparison.Ordinal);
        Assert.Contains("PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)", text, StringComparison.Ordinal);
        Assert.Contains("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'", text, StringComparison.Ordinal);
        Assert.Contains("LOCATION 's3://my-lake/iota/logs/aws_cloudtrail/'", text, StringComparison.Ordinal);
        Assert.Contains("'projection.enabled' = 'true'", text, StringComparison.Ordinal);
        Assert.Contains("'projection.year.type' = 'integer', 'projection.year.range' = '2024,", text, StringComparison.Ordinal);
        Assert.Contains("'projection.month.range' = '1,12', 'projection.month.digits' = '2'", text, StringComparison.Ordinal);
        Assert.Contains("'projection.day.range' = '1,31', 'projection.day.digits' = '2'", text, StringComparison.Ordinal);
        Assert.Contains("'projection.hour.range' = '0,23', 'projection.hour.digits' = '2'", text, StringComparison.Ordinal);
        Assert.Contains("'storage.location.template' = 's3://my-lake/iota/logs/aws_cloudtrail/year=${year}/month=${month}/day=${day}/hour=${hour}/'", text, StringComparison.Ordinal);
        Assert.Contains("`useridentity` struct<type:string,principalid:string,arn:string", text, StringComparison.Ordinal);
        Assert.Contains("`p_event_time` timestamp", text, StringComparison.Ordinal);
        Assert.Contains("`requestparameters` string", text, StringComparison.Ordinal);
    }
}

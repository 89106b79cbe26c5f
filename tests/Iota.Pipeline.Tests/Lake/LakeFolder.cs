using System.Globalization;
using System.Text;
using Iota.Pipeline.DuckDb;
using Iota.Pipeline.Lake;

namespace Iota.Pipeline.Tests.Lake;

/// <summary>A temporary lake folder, CloudTrail input files written into it, and DuckDB queries over its files.</summary>
internal sealed class LakeFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("iota-lake-").FullName;

    public string LakeRoot => Path.Combine(Root, "lake");

    public string Staging => Path.Combine(LakeRoot, ".staging");

    public LakeWriter Writer(TimeSpan? flushInterval = null, long maxBufferBytes = 50L * 1024 * 1024) => new(
        new LocalLakeStore(LakeRoot),
        new LakeWriterOptions { StagingDirectory = Staging, FlushInterval = flushInterval ?? TimeSpan.FromHours(1), MaxBufferBytes = maxBufferBytes });

    /// <summary>Writes a CloudTrail log file with one record per (eventID, eventTime) and loads it as a batch.</summary>
    public EventBatch Batch(string name, params (string Id, string Time)[] events)
    {
        var text = new StringBuilder("{\"Records\":[\n");
        text.AppendJoin(",\n", events.Select(e =>
            $"  {{\"eventVersion\":\"1.09\",\"eventTime\":\"{e.Time}\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\n" +
            $"   \"awsRegion\":\"us-east-1\",\"eventID\":\"{e.Id}\",\"recipientAccountId\":\"111122223333\"}}"));
        text.Append("\n]}\n");
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, text.ToString());
        var batch = new EventBatch();
        batch.LoadFile(path);
        Assert.Empty(batch.Errors);
        return batch;
    }

    public IReadOnlyList<string> DataFiles() => Directory.Exists(Path.Combine(LakeRoot, "logs"))
        ? [.. Directory.EnumerateFiles(Path.Combine(LakeRoot, "logs"), "*.json.gz", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(LakeRoot, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Waits (up to a generous limit, not a timing assertion) until the lake holds <paramref name="count"/> files.</summary>
    public IReadOnlyList<string> WaitForDataFiles(int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (DataFiles().Count < count && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(20);
        }

        return DataFiles();
    }

    /// <summary>Runs <paramref name="sql"/> with <c>rows</c> bound to every lake file; returns the first row as text.</summary>
    public string[] Query(string sql)
    {
        using var connection = new DuckDBConnection();
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText =
            $"create view rows as select * from read_json_auto('{LakeRoot}/logs/*/*/*/*/*/*.json.gz', format='newline_delimited', union_by_name=true, hive_partitioning=false); " +
            sql;
        using DuckDBDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)];
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

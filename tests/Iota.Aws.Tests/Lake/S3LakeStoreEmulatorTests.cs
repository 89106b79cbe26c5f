using System.Globalization;
using Iota.Aws.Lake;
using Iota.Aws.Tests.Emulator;
using Iota.Pipeline;
using Iota.Pipeline.DuckDb;
using Iota.Pipeline.Lake;

namespace Iota.Aws.Tests.Lake;

/// <summary>The lake in S3 (the emulator's real S3 protocol): written by the lake writer, listed and read back by a lake query.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class S3LakeStoreEmulatorTests(FauxqsFixture emulator) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("iota-s3-lake-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_lake_writer_uploads_partitioned_files_that_a_query_over_S3_reads()
    {
        string bucket = await emulator.CreateBucketAsync("lake");
        using var s3 = emulator.CreateS3Client();
        var store = new S3LakeStore(s3, $"s3://{bucket}/iota/", Path.Combine(_root, "cache"));
        string input = Path.Combine(_root, "trail.json");
        File.WriteAllText(input, """
            {"Records":[
              {"eventVersion":"1.09","eventTime":"2026-11-04T10:15:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventID":"s3-1","awsRegion":"us-east-1"},
              {"eventVersion":"1.09","eventTime":"2026-11-04T11:15:00Z","eventSource":"iam.amazonaws.com","eventName":"DeleteUser","eventID":"s3-2","awsRegion":"us-east-1"}
            ]}
            """);

        using (var writer = new LakeWriter(store, new LakeWriterOptions { StagingDirectory = Path.Combine(_root, "staging") }))
        using (var batch = new EventBatch())
        {
            batch.LoadFile(input);
            writer.Stage(batch, "unit-1");
            writer.Committed("unit-1");
        }

        IReadOnlyList<string> keys = store.List("logs/");
        Assert.Equal(2, keys.Count);
        Assert.StartsWith("logs/aws_cloudtrail/year=2026/month=11/day=04/hour=10/", keys[0], StringComparison.Ordinal);
        Assert.StartsWith("logs/aws_cloudtrail/year=2026/month=11/day=04/hour=11/", keys[1], StringComparison.Ordinal);
        var listed = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket });
        Assert.All(listed.S3Objects, o => Assert.StartsWith("iota/logs/aws_cloudtrail/", o.Key, StringComparison.Ordinal));

        using var query = new LakeQuery(store, new DateTimeOffset(2026, 11, 4, 11, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 4, 12, 0, 0, TimeSpan.Zero));
        query.Open();
        Assert.Single(query.Files["aws_cloudtrail"]);
        using DuckDBDataReader reader = query.Execute("select eventName, count(*) from aws_cloudtrail group by 1");
        Assert.True(reader.Read());
        Assert.Equal("DeleteUser", reader.GetString(0));
        Assert.Equal("1", Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture));
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("s3://b", "b", "")]
    [InlineData("s3://b/", "b", "")]
    [InlineData("s3://b/p", "b", "p/")]
    [InlineData("s3://b/p/q/", "b", "p/q/")]
    public void Parses_bucket_and_prefix(string location, string bucket, string prefix)
    {
        Assert.Equal((bucket, prefix), S3LakeStore.Parse(location));
    }
}

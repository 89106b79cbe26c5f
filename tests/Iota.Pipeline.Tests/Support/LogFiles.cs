using System.IO.Compression;
using System.Text;

namespace Iota.Pipeline.Tests.Support;

/// <summary>Builds CloudTrail records and writes them in the shapes the readers accept.</summary>
public static class LogFiles
{
    public static string Record(int n, string eventName = "GetObject") =>
        $$"""{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"user{{n}}"},"eventTime":"2026-11-03T09:{{n % 60:D2}}:00Z","eventSource":"s3.amazonaws.com","eventName":"{{eventName}}","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.{{n % 250}}","eventID":"{{EventId(n)}}","requestParameters":{"bucketName":"b{{n}}","key":"{{Noise(n)}}"},"recipientAccountId":"111122223333"}""";

    /// <summary>A stable, unique event id for record <paramref name="n"/>.</summary>
    public static string EventId(int n) => $"00000000-0000-4000-8000-{n:D12}";

    // Incompressible but deterministic, so gzip output (and where a corruption lands) is the same every run.
    private static string Noise(int n)
    {
        byte[] bytes = new byte[24];
        new Random(n).NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static string Records(IEnumerable<string> records) => "{\"Records\":[" + string.Join(",", records) + "]}";

    public static string Records(int count) => Records(Enumerable.Range(0, count).Select(i => Record(i)));

    public static string Envelope(string record, string detailType = "AWS API Call via CloudTrail") =>
        $$"""{"version":"0","id":"{{Guid.NewGuid()}}","detail-type":"{{detailType}}","source":"aws.cloudtrail","account":"444455556666","time":"2026-11-05T12:00:00Z","region":"us-west-2","resources":[],"detail":{{record}}}""";

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    public static string Write(string directory, string name, byte[] content)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string Write(string directory, string name, string content) => Write(directory, name, Encoding.UTF8.GetBytes(content));
}

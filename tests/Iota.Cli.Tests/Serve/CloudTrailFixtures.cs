using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Iota.Aws.Tests.Emulator;

namespace Iota.Cli.Tests.Serve;

/// <summary>Small CloudTrail files, a test rule, and S3 event notifications, written for these tests.</summary>
internal static class CloudTrailFixtures
{
    /// <summary>
    /// Alerts on root console logins, one alert per event (dedup on eventID) so counting alerts counts events.
    /// Events named <c>SlowCall</c> take 100 ms each, so a test can stop the process while an object is in work.
    /// </summary>
    public const string RootLoginRule = """
        using Iota.Sdk;

        public sealed class RootLoginPerEvent : Rule
        {
            public override string Id => "Test.RootLogin";
            public override Severity Severity => Severity.High;
            public override bool Match(Event e)
            {
                if (e.EventName.ToString() == "SlowCall")
                {
                    System.Threading.Thread.Sleep(100);
                }

                return e.EventName.ToString() == "ConsoleLogin" && e.UserIdentity.IsRoot;
            }

            public override string Dedup(Event e) => e.EventId.ToString();
        }
        """;

    public static string WriteRuleFolder(string root)
    {
        string folder = Path.Combine(root, "rules");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "RootLoginPerEvent.csx"), RootLoginRule);
        return folder;
    }

    public static string RootLogin(string eventId) =>
        $$$"""{"eventVersion":"1.08","eventID":"{{{eventId}}}","eventTime":"2026-11-21T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},"recipientAccountId":"111122223333","responseElements":{"ConsoleLogin":"Success"}}""";

    public static string SlowCall(string eventId) =>
        $$$"""{"eventVersion":"1.08","eventID":"{{{eventId}}}","eventTime":"2026-11-21T10:00:01Z","eventSource":"ec2.amazonaws.com","eventName":"SlowCall","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ci","accountId":"111122223333"},"recipientAccountId":"111122223333"}""";

    public static byte[] GzippedTrail(params string[] records)
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"Records\":[" + string.Join(",", records) + "]}");
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }

    /// <summary>Uploads an object and returns its ETag (unquoted).</summary>
    public static async Task<string> PutAsync(AmazonS3Client s3, string bucket, string key, byte[] content)
    {
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content) });
        return put.ETag.Trim('"');
    }

    /// <summary>An S3 event notification as S3 sends it: keys form-encoded, spaces as '+'.</summary>
    public static string S3Event(string bucket, params string[] keys) =>
        JsonSerializer.Serialize(new
        {
            Records = keys.Select(key => new
            {
                eventVersion = "2.1",
                eventSource = "aws:s3",
                awsRegion = FauxqsFixture.Region,
                eventName = "ObjectCreated:Put",
                s3 = new
                {
                    s3SchemaVersion = "1.0",
                    bucket = new { name = bucket, arn = $"arn:aws:s3:::{bucket}" },
                    @object = new { key = Uri.EscapeDataString(key).Replace("%20", "+", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal) },
                },
            }).ToArray(),
        });

    public const string TestEvent = """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-21T10:00:00.000Z","Bucket":"trail","RequestId":"R1","HostId":"H1"}""";

    /// <summary>Alert lines the file output wrote, as (alert_id, dedup) pairs.</summary>
    public static List<(string AlertId, string Dedup)> ReadAlerts(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var alerts = new List<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            // A line being written at this moment may be incomplete; the next read sees it whole.
            if (!line.EndsWith('}'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            alerts.Add((document.RootElement.GetProperty("alert_id").GetString()!, document.RootElement.GetProperty("dedup").GetString()!));
        }

        return alerts;
    }
}

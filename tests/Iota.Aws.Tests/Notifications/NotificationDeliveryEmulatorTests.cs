using System.IO.Compression;
using System.Text.Json;
using Amazon.S3.Model;
using Iota.Aws.Notifications;
using Iota.Aws.Sqs;
using Iota.Aws.Tests.Emulator;

namespace Iota.Aws.Tests.Notifications;

/// <summary>
/// Notifications and objects through the emulator's real S3, SNS and SQS protocols. fauxqs has no S3
/// bucket notifications, so the S3 event is published to SNS the way S3 would publish it, and arrives in
/// the queue inside a real SNS envelope.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class NotificationDeliveryEmulatorTests(FauxqsFixture emulator)
{
    [Fact]
    public async Task A_gzipped_CloudTrail_file_round_trips_through_S3()
    {
        var bucket = await emulator.CreateBucketAsync();
        const string key = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/21/trail file.json.gz";
        var records = """{"Records":[{"eventID":"e-1","eventName":"ConsoleLogin"}]}"""u8.ToArray();
        using var s3 = emulator.CreateS3Client();

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(Gzip(records)),
            ContentType = "application/json",
        });
        using var fetched = await s3.GetObjectAsync(bucket, key);
        using var gunzip = new GZipStream(fetched.ResponseStream, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gunzip.CopyToAsync(plain);

        Assert.Equal(records, plain.ToArray());
        Assert.False(string.IsNullOrEmpty(fetched.ETag));
    }

    [Fact]
    public async Task An_S3_event_published_through_SNS_arrives_as_an_object_reference()
    {
        using var sqs = emulator.CreateSqsClient();
        using var sns = new SnsQueryClient(emulator.ServiceUrl);
        var queueUrl = await emulator.CreateQueueAsync("trail");
        var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }))
            .Attributes["QueueArn"];
        var topicArn = await sns.CreateTopicAsync(FauxqsFixture.UniqueName("trail"));
        await sns.SubscribeQueueAsync(topicArn, queueArn);
        var bucket = await emulator.CreateBucketAsync();
        const string key = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/21/trail file.json.gz";
        var gz = Gzip("""{"Records":[]}"""u8.ToArray());
        using var s3 = emulator.CreateS3Client();
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(gz) });

        await sns.PublishAsync(topicArn, S3EventFor(bucket, key, gz.Length, put.ETag.Trim('"')), "Amazon S3 Notification");
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 5 });
        var message = Assert.Single(received.Messages);
        var notification = QueueNotification.Parse(message.MessageId!, message.Body!);

        Assert.Contains("\"Type\":\"Notification\"", message.Body, StringComparison.Ordinal);
        Assert.Equal(NotificationKind.S3Objects, notification.Kind);
        var reference = Assert.Single(notification.Objects);
        Assert.Equal((bucket, key, (long?)gz.Length, "ObjectCreated:Put"), (reference.Bucket, reference.Key, reference.Size, reference.EventName));
        using var fetched = await s3.GetObjectAsync(reference.Bucket, reference.Key);
        Assert.Equal(gz.Length, fetched.ContentLength);
    }

    // Keys in real S3 notifications are form-encoded: spaces become '+'.
    private static string S3EventFor(string bucket, string key, long size, string eTag) =>
        JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1",
                    eventSource = "aws:s3",
                    awsRegion = FauxqsFixture.Region,
                    eventName = "ObjectCreated:Put",
                    s3 = new
                    {
                        s3SchemaVersion = "1.0",
                        bucket = new { name = bucket, arn = $"arn:aws:s3:::{bucket}" },
                        @object = new { key = Uri.EscapeDataString(key).Replace("%20", "+", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal), size, eTag },
                    },
                },
            },
        });

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }
}

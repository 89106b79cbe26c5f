using System.Text;
using System.Text.Json;
using Iota.Aws.Notifications;

namespace Iota.Aws.Tests.Notifications;

public sealed class QueueNotificationTests
{
    private const string S3Event = """
        {"Records":[
          {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventName":"ObjectCreated:Put",
           "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"org-trail","arn":"arn:aws:s3:::org-trail"},
                 "object":{"key":"AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/11/21/my+file%2Bv2%3D1.json.gz",
                           "size":1843,"eTag":"0123456789abcdef0123456789abcdef","versionId":"v-7","sequencer":"00A"}}},
          {"eventName":"ObjectCreated:CompleteMultipartUpload",
           "s3":{"bucket":{"name":"org-trail"},"object":{"key":"caf%C3%A9.json.gz","size":5}}}
        ]}
        """;

    [Fact]
    public void A_direct_S3_notification_yields_decoded_object_references()
    {
        var notification = QueueNotification.Parse("msg-1", S3Event);

        Assert.Equal(NotificationKind.S3Objects, notification.Kind);
        Assert.Empty(notification.CloudTrailEvents);
        Assert.Equal(
            [
                new S3ObjectReference(
                    "org-trail",
                    "AWSLogs/o-abc/111122223333/CloudTrail/us-east-1/2026/11/21/my file+v2=1.json.gz",
                    1843,
                    "0123456789abcdef0123456789abcdef",
                    "v-7",
                    "ObjectCreated:Put"),
                new S3ObjectReference("org-trail", "café.json.gz", 5, null, null, "ObjectCreated:CompleteMultipartUpload"),
            ],
            notification.Objects);
    }

    [Fact]
    public void An_SNS_envelope_is_unwrapped()
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = "sns-1",
            ["TopicArn"] = "arn:aws:sns:us-east-1:111122223333:trail",
            ["Subject"] = "Amazon S3 Notification",
            ["Message"] = S3Event,
        });

        var notification = QueueNotification.Parse("msg-2", body);

        Assert.Equal(NotificationKind.S3Objects, notification.Kind);
        Assert.Equal(2, notification.Objects.Count);
        Assert.Equal("café.json.gz", notification.Objects[1].Key);
    }

    [Fact]
    public void The_S3_test_event_yields_nothing_direct_or_through_SNS()
    {
        const string test = """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-21T10:00:00.000Z","Bucket":"org-trail","RequestId":"R","HostId":"H"}""";
        var throughSns = JsonSerializer.Serialize(new { Type = "Notification", Message = test });

        foreach (var body in new[] { test, throughSns })
        {
            var notification = QueueNotification.Parse("msg-3", body);
            Assert.Equal(NotificationKind.S3TestEvent, notification.Kind);
            Assert.Empty(notification.Objects);
            Assert.Empty(notification.CloudTrailEvents);
        }
    }

    [Fact]
    public void An_EventBridge_envelope_yields_the_detail_bytes_unchanged()
    {
        const string detail = """{"eventVersion":"1.09","eventTime":"2026-11-21T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","requestParameters":{"userName":"m\u00e9l"},"eventID":"e-1"}""";
        var body = $$"""{"version":"0","id":"eb-1","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"111122223333","region":"us-east-1","detail":{{detail}}}""";

        var notification = QueueNotification.Parse("msg-4", body);

        Assert.Equal(NotificationKind.CloudTrailEvents, notification.Kind);
        Assert.Equal(detail, Encoding.UTF8.GetString(Assert.Single(notification.CloudTrailEvents).Span));
    }

    [Fact]
    public void An_array_of_EventBridge_envelopes_yields_each_detail_in_order()
    {
        const string body = """
            [{"detail-type":"AWS API Call via CloudTrail","detail":{"eventID":"a"}},
             {"detail-type":"AWS Console Sign In via CloudTrail","detail":{"eventID":"b"}}]
            """;

        var notification = QueueNotification.Parse("msg-5", body);

        Assert.Equal(
            ["""{"eventID":"a"}""", """{"eventID":"b"}"""],
            notification.CloudTrailEvents.Select(e => Encoding.UTF8.GetString(e.Span)));
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("""{"hello":"world"}""", "members [hello]")]
    [InlineData("42", "JSON Number")]
    [InlineData("""{"Records":[{"eventName":"x"}]}""", "Records[0] has no s3.bucket and s3.object")]
    [InlineData("""{"detail-type":"EC2 Instance State-change Notification","detail":{}}""", "does not carry CloudTrail records")]
    [InlineData("""{"Type":"Notification","Message":"{\"nope\":1}"}""", "members [nope]")]
    public void Anything_else_names_the_message_and_what_was_expected(string body, string found)
    {
        var error = Assert.Throws<NotificationFormatException>(() => QueueNotification.Parse("msg-bad", body));

        Assert.Equal("msg-bad", error.MessageId);
        Assert.StartsWith("SQS message msg-bad: expected an S3 event notification", error.Message, StringComparison.Ordinal);
        Assert.Contains(found, error.Message, StringComparison.Ordinal);
    }
}

using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Iota.Aws.Notifications;

/// <summary>
/// What an SQS message body announces: S3 objects to read (an S3 event notification, possibly wrapped in
/// SNS), nothing (<c>s3:TestEvent</c>), or CloudTrail records delivered by EventBridge.
/// </summary>
public sealed class QueueNotification
{
    private const string Expected =
        "expected an S3 event notification ({\"Records\":[{\"s3\":...}]}), an SNS envelope ({\"Type\":\"Notification\",\"Message\":\"...\"}) " +
        "carrying one, an s3:TestEvent, or EventBridge CloudTrail envelopes ({\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{...}}, single or an array)";

    private QueueNotification(
        NotificationKind kind,
        IReadOnlyList<S3ObjectReference> objects,
        IReadOnlyList<ReadOnlyMemory<byte>> cloudTrailEvents)
    {
        Kind = kind;
        Objects = objects;
        CloudTrailEvents = cloudTrailEvents;
    }

    public NotificationKind Kind { get; }

    /// <summary>Objects of an S3 notification; empty for the other kinds.</summary>
    public IReadOnlyList<S3ObjectReference> Objects { get; }

    /// <summary>The original UTF-8 bytes of each EventBridge <c>detail</c> (a CloudTrail record); empty otherwise.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CloudTrailEvents { get; }

    /// <exception cref="NotificationFormatException">The body is not JSON, or not one of the expected shapes.</exception>
    public static QueueNotification Parse(string messageId, string body)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        return Parse(messageId, Encoding.UTF8.GetBytes(body), insideSns: false);
    }

    private static QueueNotification Parse(string messageId, byte[] utf8, bool insideSns)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw Fail(messageId, $"the body is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return EventBridgeBatch(messageId, root);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail(messageId, $"the body is a JSON {root.ValueKind}");
            }

            if (root.TryGetProperty("Records", out var records))
            {
                return S3Event(messageId, records);
            }

            if (IsTestEvent(root))
            {
                return new QueueNotification(NotificationKind.S3TestEvent, [], []);
            }

            if (!insideSns && IsString(root, "Type", "Notification") && root.TryGetProperty("Message", out var inner))
            {
                if (inner.ValueKind != JsonValueKind.String)
                {
                    throw Fail(messageId, "the SNS envelope's Message is not a string");
                }

                return Parse(messageId, Encoding.UTF8.GetBytes(inner.GetString()!), insideSns: true);
            }

            if (root.TryGetProperty("detail-type", out _))
            {
                return new QueueNotification(NotificationKind.CloudTrailEvents, [], [CloudTrailDetail(messageId, root)]);
            }

            var names = string.Join(", ", root.EnumerateObject().Take(8).Select(p => p.Name));
            throw Fail(messageId, $"found an object with members [{names}]");
        }
    }

    private static QueueNotification S3Event(string messageId, JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw Fail(messageId, "Records is not an array");
        }

        var objects = new List<S3ObjectReference>();
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object
                || !record.TryGetProperty("s3", out var s3)
                || !s3.TryGetProperty("bucket", out var bucket)
                || !s3.TryGetProperty("object", out var obj))
            {
                throw Fail(messageId, $"Records[{index}] has no s3.bucket and s3.object");
            }

            var bucketName = String(bucket, "name") ?? throw Fail(messageId, $"Records[{index}].s3.bucket.name is missing");
            var rawKey = String(obj, "key") ?? throw Fail(messageId, $"Records[{index}].s3.object.key is missing");
            objects.Add(new S3ObjectReference(
                bucketName,
                DecodeKey(rawKey),
                obj.TryGetProperty("size", out var size) && size.TryGetInt64(out var bytes) ? bytes : null,
                String(obj, "eTag"),
                String(obj, "versionId"),
                String(record, "eventName") ?? string.Empty));
            index++;
        }

        return new QueueNotification(NotificationKind.S3Objects, objects, []);
    }

    private static QueueNotification EventBridgeBatch(string messageId, JsonElement array)
    {
        var events = new List<ReadOnlyMemory<byte>>();
        foreach (var envelope in array.EnumerateArray())
        {
            if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("detail-type", out _))
            {
                throw Fail(messageId, $"element {events.Count} of the array is not an EventBridge envelope");
            }

            events.Add(CloudTrailDetail(messageId, envelope));
        }

        return new QueueNotification(NotificationKind.CloudTrailEvents, [], events);
    }

    // "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail" and "AWS Service Event via
    // CloudTrail" all carry a CloudTrail record as detail; other detail types do not.
    private static ReadOnlyMemory<byte> CloudTrailDetail(string messageId, JsonElement envelope)
    {
        var detailType = String(envelope, "detail-type");
        if (detailType is null || !detailType.EndsWith("via CloudTrail", StringComparison.Ordinal))
        {
            throw Fail(messageId, $"the EventBridge detail-type '{detailType}' does not carry CloudTrail records");
        }

        if (!envelope.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
        {
            throw Fail(messageId, "the EventBridge envelope has no detail object");
        }

        return JsonMarshal.GetRawUtf8Value(detail).ToArray();
    }

    private static bool IsTestEvent(JsonElement root) => IsString(root, "Event", "s3:TestEvent");

    private static bool IsString(JsonElement element, string name, string value) =>
        element.TryGetProperty(name, out var property)
        && property.ValueKind == JsonValueKind.String
        && property.ValueEquals(value);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;

    // S3 form-encodes keys in notifications: '+' is a space, and a literal '+' arrives as %2B.
    private static string DecodeKey(string key) => Uri.UnescapeDataString(key.Replace('+', ' '));

    private static NotificationFormatException Fail(string messageId, string found, Exception? inner = null) =>
        new(messageId, $"SQS message {messageId}: {Expected}; {found}.", inner);
}

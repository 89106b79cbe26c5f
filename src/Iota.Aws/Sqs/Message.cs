namespace Iota.Aws.Sqs;

/// <summary>A received message, as in AWSSDK.SQS.</summary>
public sealed class Message
{
    public string? MessageId { get; set; }

    /// <summary>Handle for deleting the message or changing its visibility; valid for this receive only.</summary>
    public string? ReceiptHandle { get; set; }

    public string? MD5OfBody { get; set; }

    public string? Body { get; set; }

    /// <summary>System attributes that were asked for, e.g. <c>ApproximateReceiveCount</c>.</summary>
    public Dictionary<string, string>? Attributes { get; set; }
}

namespace Iota.Aws.Sqs;

public sealed class ReceiveMessageRequest
{
    public string? QueueUrl { get; set; }

    /// <summary>1 to 10; the service default is 1.</summary>
    public int? MaxNumberOfMessages { get; set; }

    /// <summary>Long-poll wait, 0 to 20 seconds; the client extends its timeout by this much.</summary>
    public int? WaitTimeSeconds { get; set; }

    public int? VisibilityTimeout { get; set; }

    /// <summary>System attributes to return in <see cref="Message.Attributes"/>, e.g. <c>ApproximateReceiveCount</c>.</summary>
    public List<string>? MessageSystemAttributeNames { get; set; }

    public string? ReceiveRequestAttemptId { get; set; }
}

public sealed class ReceiveMessageResponse
{
    /// <summary>Empty (never null) when the wait ended without messages.</summary>
    public List<Message> Messages { get; set; } = [];
}

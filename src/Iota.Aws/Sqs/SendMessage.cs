namespace Iota.Aws.Sqs;

public sealed class SendMessageRequest
{
    public SendMessageRequest()
    {
    }

    public SendMessageRequest(string queueUrl, string messageBody)
    {
        QueueUrl = queueUrl;
        MessageBody = messageBody;
    }

    public string? QueueUrl { get; set; }

    public string? MessageBody { get; set; }

    public int? DelaySeconds { get; set; }
}

public sealed class SendMessageResponse
{
    public string? MessageId { get; set; }

    public string? MD5OfMessageBody { get; set; }
}

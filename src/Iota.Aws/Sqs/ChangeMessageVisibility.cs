namespace Iota.Aws.Sqs;

public sealed class ChangeMessageVisibilityRequest
{
    public ChangeMessageVisibilityRequest()
    {
    }

    public ChangeMessageVisibilityRequest(string queueUrl, string receiptHandle, int visibilityTimeout)
    {
        QueueUrl = queueUrl;
        ReceiptHandle = receiptHandle;
        VisibilityTimeout = visibilityTimeout;
    }

    public string? QueueUrl { get; set; }

    public string? ReceiptHandle { get; set; }

    /// <summary>Seconds from now until the message is visible again; 0 releases it at once.</summary>
    public int? VisibilityTimeout { get; set; }
}

public sealed class ChangeMessageVisibilityResponse
{
}

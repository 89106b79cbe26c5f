namespace Iota.Aws.Sqs;

public sealed class GetQueueUrlRequest
{
    public GetQueueUrlRequest()
    {
    }

    public GetQueueUrlRequest(string queueName)
    {
        QueueName = queueName;
    }

    public string? QueueName { get; set; }

    /// <summary>Account that owns the queue, for a queue in another account.</summary>
    public string? QueueOwnerAWSAccountId { get; set; }
}

public sealed class GetQueueUrlResponse
{
    public string? QueueUrl { get; set; }
}

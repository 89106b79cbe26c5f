namespace Iota.Aws.Sqs;

public sealed class CreateQueueRequest
{
    public CreateQueueRequest()
    {
    }

    public CreateQueueRequest(string queueName)
    {
        QueueName = queueName;
    }

    public string? QueueName { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }
}

public sealed class CreateQueueResponse
{
    public string? QueueUrl { get; set; }
}

namespace Iota.Aws.Sqs;

public sealed class GetQueueAttributesRequest
{
    public string? QueueUrl { get; set; }

    /// <summary>Attribute names such as <c>QueueArn</c> or <c>ApproximateNumberOfMessages</c>; <c>All</c> for every one.</summary>
    public List<string>? AttributeNames { get; set; }
}

public sealed class GetQueueAttributesResponse
{
    public Dictionary<string, string> Attributes { get; set; } = [];
}

namespace Iota.Aws.Sqs;

public sealed class DeleteMessageBatchRequest
{
    public string? QueueUrl { get; set; }

    /// <summary>Up to 10 entries, each with an id unique within the batch.</summary>
    public List<DeleteMessageBatchRequestEntry> Entries { get; set; } = [];
}

public sealed class DeleteMessageBatchRequestEntry
{
    public DeleteMessageBatchRequestEntry()
    {
    }

    public DeleteMessageBatchRequestEntry(string id, string receiptHandle)
    {
        Id = id;
        ReceiptHandle = receiptHandle;
    }

    public string? Id { get; set; }

    public string? ReceiptHandle { get; set; }
}

/// <summary>A batch call succeeds as a whole even when some entries fail; check <see cref="Failed"/>.</summary>
public sealed class DeleteMessageBatchResponse
{
    public List<DeleteMessageBatchResultEntry> Successful { get; set; } = [];

    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

public sealed class DeleteMessageBatchResultEntry
{
    public string? Id { get; set; }
}

public sealed class BatchResultErrorEntry
{
    public string? Id { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }

    /// <summary>True when the entry itself was wrong (a stale receipt handle), false for a service fault.</summary>
    public bool SenderFault { get; set; }
}

using Iota.Aws.Sqs;
using Iota.Aws.Tests.Emulator;

namespace Iota.Aws.Tests.Sqs;

[Collection(FauxqsCollection.Name)]
public sealed class SqsClientEmulatorTests(FauxqsFixture emulator)
{
    [Fact]
    public async Task A_message_travels_send_receive_release_receive_delete()
    {
        using var sqs = emulator.CreateSqsClient();
        var queueUrl = await emulator.CreateQueueAsync();

        var sent = await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, "{\"hello\":\"world ✓\"}"));
        Assert.False(string.IsNullOrEmpty(sent.MessageId));

        var first = await ReceiveOneAsync(sqs, queueUrl);
        Assert.Equal(sent.MessageId, first.MessageId);
        Assert.Equal("{\"hello\":\"world ✓\"}", first.Body);
        Assert.Equal("1", first.Attributes!["ApproximateReceiveCount"]);

        // Visibility 0 hands the message back at once, as a failed unit of work does.
        await sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest(queueUrl, first.ReceiptHandle!, 0));
        var second = await ReceiveOneAsync(sqs, queueUrl);
        Assert.Equal(sent.MessageId, second.MessageId);
        Assert.Equal("2", second.Attributes!["ApproximateReceiveCount"]);

        var deleted = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [new DeleteMessageBatchRequestEntry("m0", second.ReceiptHandle!)],
        });
        Assert.Equal("m0", Assert.Single(deleted.Successful).Id);
        Assert.Empty(deleted.Failed);

        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        Assert.Equal("0", attributes.Attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("0", attributes.Attributes["ApproximateNumberOfMessagesNotVisible"]);
        var afterDelete = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1 });
        Assert.Empty(afterDelete.Messages);
    }

    [Fact]
    public async Task A_missing_queue_is_a_non_retryable_QueueDoesNotExist()
    {
        using var sqs = emulator.CreateSqsClient();
        var missing = $"{emulator.ServiceUrl}/000000000000/{FauxqsFixture.UniqueName("missing")}";

        var error = await Assert.ThrowsAsync<SqsException>(
            () => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = missing, AttributeNames = ["QueueArn"] }));

        Assert.Equal("QueueDoesNotExist", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task GetQueueUrl_finds_a_created_queue_and_its_attributes_prove_it_is_reachable()
    {
        using var sqs = emulator.CreateSqsClient();
        var queueUrl = await emulator.CreateQueueAsync("probe");
        var name = queueUrl[(queueUrl.LastIndexOf('/') + 1)..];

        var found = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest(name));
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = found.QueueUrl, AttributeNames = ["QueueArn"] });

        Assert.Equal(queueUrl, found.QueueUrl);
        Assert.EndsWith(":" + name, attributes.Attributes["QueueArn"], StringComparison.Ordinal);
    }

    private static async Task<Message> ReceiveOneAsync(SqsClient sqs, string queueUrl)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 5,
            VisibilityTimeout = 30,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });
        return Assert.Single(response.Messages);
    }
}

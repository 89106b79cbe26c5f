using System.Net;
using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using Iota.Aws.Sqs;

namespace Iota.Aws.Tests.Sqs;

public sealed class SqsClientRetryTests
{
    private const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/trail";
    private const string Throttled = """{"__type":"com.amazonaws.sqs#ThrottlingException","message":"Rate exceeded"}""";

    [Fact]
    public async Task Throttling_is_retried_until_the_call_succeeds()
    {
        using var endpoint = new ScriptedSqsEndpoint(
            (HttpStatusCode.BadRequest, Throttled),
            (HttpStatusCode.ServiceUnavailable, "<html>upstream unavailable</html>"),
            (HttpStatusCode.OK, """{"Messages":[{"MessageId":"m-1","ReceiptHandle":"r-1","Body":"{}","Attributes":{"ApproximateReceiveCount":"3"}}]}"""));
        using var sqs = Client(endpoint);

        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = QueueUrl,
            WaitTimeSeconds = 20,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });

        var message = Assert.Single(response.Messages);
        Assert.Equal("m-1", message.MessageId);
        Assert.Equal("3", message.Attributes!["ApproximateReceiveCount"]);
        Assert.Equal(3, endpoint.Requests.Count);
        Assert.All(endpoint.Requests, request =>
        {
            Assert.Equal("AmazonSQS.ReceiveMessage", request.Target);
            Assert.Equal("application/x-amz-json-1.0", request.ContentType);
            Assert.StartsWith(
                "AWS4-HMAC-SHA256 Credential=AKIDTEST/", request.Authorization, StringComparison.Ordinal);
            Assert.Contains("/eu-west-1/sqs/aws4_request", request.Authorization, StringComparison.Ordinal);
            Assert.Equal(
                """{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/trail","WaitTimeSeconds":20,"MessageSystemAttributeNames":["ApproximateReceiveCount"]}""",
                request.Body);
        });
    }

    [Fact]
    public async Task A_client_error_is_thrown_at_once_with_code_status_and_request_id()
    {
        using var endpoint = new ScriptedSqsEndpoint(
            (HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sqs#InvalidParameterValue","message":"MaxNumberOfMessages must be between 1 and 10."}"""));
        using var sqs = Client(endpoint);

        var error = await Assert.ThrowsAsync<SqsException>(
            () => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl, MaxNumberOfMessages = 11 }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.Equal("request-1", error.RequestId);
        Assert.Contains("MaxNumberOfMessages must be between 1 and 10.", error.Message, StringComparison.Ordinal);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task Server_errors_stop_after_the_configured_retries()
    {
        using var endpoint = new ScriptedSqsEndpoint(
            (HttpStatusCode.InternalServerError, """{"__type":"com.amazonaws.sqs#InternalError","message":"boom"}"""),
            (HttpStatusCode.InternalServerError, """{"__type":"com.amazonaws.sqs#InternalError","message":"boom"}"""),
            (HttpStatusCode.InternalServerError, """{"__type":"com.amazonaws.sqs#InternalError","message":"boom"}"""));
        using var sqs = Client(endpoint, maxErrorRetry: 2);

        var error = await Assert.ThrowsAsync<SqsException>(
            () => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = QueueUrl, AttributeNames = ["QueueArn"] }));

        Assert.Equal("InternalError", error.ErrorCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_a_retryable_network_error()
    {
        string url;
        using (var closed = new ScriptedSqsEndpoint())
        {
            url = closed.Url;
        }

        using var sqs = new SqsClient(new BasicAWSCredentials("AKIDTEST", "secret"), new SqsClientConfig
        {
            ServiceUrl = url,
            RegionEndpoint = RegionEndpoint.EUWest1,
            MaxErrorRetry = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        var error = await Assert.ThrowsAsync<SqsException>(
            () => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = QueueUrl }));

        Assert.Equal("NetworkError", error.ErrorCode);
        Assert.Null(error.StatusCode);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_is_a_retryable_timeout()
    {
        // Accepts connections (the kernel completes the handshake) but never reads or replies.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            using var sqs = new SqsClient(new BasicAWSCredentials("AKIDTEST", "secret"), new SqsClientConfig
            {
                ServiceUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/",
                RegionEndpoint = RegionEndpoint.EUWest1,
                MaxErrorRetry = 0,
                Timeout = TimeSpan.FromMilliseconds(200),
            });

            var error = await Assert.ThrowsAsync<SqsException>(
                () => sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = QueueUrl }));

            Assert.Equal("RequestTimeout", error.ErrorCode);
            Assert.True(error.IsRetryable);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_an_error_or_retried()
    {
        using var endpoint = new ScriptedSqsEndpoint((HttpStatusCode.BadRequest, Throttled));
        using var sqs = Client(endpoint);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl }, cancelled.Token));

        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task A_partial_batch_failure_lists_both_outcomes()
    {
        using var endpoint = new ScriptedSqsEndpoint(
            (HttpStatusCode.OK, """{"Successful":[{"Id":"a"}],"Failed":[{"Id":"b","SenderFault":true,"Code":"ReceiptHandleIsInvalid","Message":"expired"}]}"""));
        using var sqs = Client(endpoint);

        var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
        {
            QueueUrl = QueueUrl,
            Entries = [new("a", "handle-a"), new("b", "handle-b")],
        });

        Assert.Equal("a", Assert.Single(response.Successful).Id);
        var failed = Assert.Single(response.Failed);
        Assert.Equal(("b", "ReceiptHandleIsInvalid", true), (failed.Id, failed.Code, failed.SenderFault));
        Assert.Equal(
            """{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/trail","Entries":[{"Id":"a","ReceiptHandle":"handle-a"},{"Id":"b","ReceiptHandle":"handle-b"}]}""",
            Assert.Single(endpoint.Requests).Body);
    }

    [Fact]
    public async Task Without_a_region_setting_the_queue_host_names_the_signing_region()
    {
        using var endpoint = new ScriptedSqsEndpoint((HttpStatusCode.OK, "{}"));
        using var sqs = new SqsClient(new BasicAWSCredentials("AKIDTEST", "secret"), new SqsClientConfig { ServiceUrl = endpoint.Url });

        await sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest(QueueUrl, "handle", 0));

        Assert.Contains("/eu-west-1/sqs/aws4_request", Assert.Single(endpoint.Requests).Authorization, StringComparison.Ordinal);
    }

    private static SqsClient Client(ScriptedSqsEndpoint endpoint, int maxErrorRetry = 4) =>
        new(new BasicAWSCredentials("AKIDTEST", "secret"), new SqsClientConfig
        {
            ServiceUrl = endpoint.Url,
            RegionEndpoint = RegionEndpoint.EUWest1,
            MaxErrorRetry = maxErrorRetry,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });
}

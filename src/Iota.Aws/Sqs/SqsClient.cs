using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Iota.Aws.Sqs.Internal;

namespace Iota.Aws.Sqs;

/// <summary>
/// A small Amazon SQS client over the AWS JSON 1.0 protocol, standing in for AmazonSQSClient (AWSSDK.SQS
/// is not available here). Requests are SigV4-signed with AWSSDK.Core; transient failures are retried
/// with jittered exponential backoff. Thread-safe; create one per process and queue account.
/// </summary>
public sealed class SqsClient : IDisposable
{
    private const string Service = "sqs";

    private readonly SqsClientConfig config;
    private readonly Func<Task<AWSCredentials>> resolveCredentials;
    private Task<AWSCredentials>? credentials;
    private readonly HttpClient http;
    private readonly RetryBackoff backoff;

    /// <summary>Credentials come from AWSSDK.Core's default chain (environment, profile, container, instance).</summary>
    public SqsClient(SqsClientConfig config)
        // The default chain may call the instance metadata service, so it runs on first use, not here.
        : this(() => DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null), config)
    {
    }

    /// <summary>Explicit credentials, e.g. from an assumed role in another account.</summary>
    public SqsClient(AWSCredentials credentials, SqsClientConfig config)
        : this(FixedCredentials(credentials), config)
    {
    }

    private SqsClient(Func<Task<AWSCredentials>> resolveCredentials, SqsClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        this.resolveCredentials = resolveCredentials;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            // Each attempt gets its own deadline (see SendAsync), which must outlast a long poll.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        backoff = new RetryBackoff(config.RetryBaseDelay, config.RetryMaxDelay);
    }

    public Task<ReceiveMessageResponse> ReceiveMessageAsync(
        ReceiveMessageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wait = TimeSpan.FromSeconds(Math.Max(0, request.WaitTimeSeconds ?? 0));
        return SendAsync(
            "ReceiveMessage",
            RequireQueueUrl(request.QueueUrl),
            request,
            SqsJsonContext.Default.ReceiveMessageRequest,
            SqsJsonContext.Default.ReceiveMessageResponse,
            wait,
            cancellationToken);
    }

    public Task<DeleteMessageBatchResponse> DeleteMessageBatchAsync(
        DeleteMessageBatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            "DeleteMessageBatch",
            RequireQueueUrl(request.QueueUrl),
            request,
            SqsJsonContext.Default.DeleteMessageBatchRequest,
            SqsJsonContext.Default.DeleteMessageBatchResponse,
            TimeSpan.Zero,
            cancellationToken);
    }

    public Task<ChangeMessageVisibilityResponse> ChangeMessageVisibilityAsync(
        ChangeMessageVisibilityRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            "ChangeMessageVisibility",
            RequireQueueUrl(request.QueueUrl),
            request,
            SqsJsonContext.Default.ChangeMessageVisibilityRequest,
            SqsJsonContext.Default.ChangeMessageVisibilityResponse,
            TimeSpan.Zero,
            cancellationToken);
    }

    public Task<GetQueueAttributesResponse> GetQueueAttributesAsync(
        GetQueueAttributesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            "GetQueueAttributes",
            RequireQueueUrl(request.QueueUrl),
            request,
            SqsJsonContext.Default.GetQueueAttributesRequest,
            SqsJsonContext.Default.GetQueueAttributesResponse,
            TimeSpan.Zero,
            cancellationToken);
    }

    public Task<SendMessageResponse> SendMessageAsync(
        SendMessageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            "SendMessage",
            RequireQueueUrl(request.QueueUrl),
            request,
            SqsJsonContext.Default.SendMessageRequest,
            SqsJsonContext.Default.SendMessageResponse,
            TimeSpan.Zero,
            cancellationToken);
    }

    public Task<CreateQueueResponse> CreateQueueAsync(
        CreateQueueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            "CreateQueue",
            queueUrl: null,
            request,
            SqsJsonContext.Default.CreateQueueRequest,
            SqsJsonContext.Default.CreateQueueResponse,
            TimeSpan.Zero,
            cancellationToken);
    }

    public Task<GetQueueUrlResponse> GetQueueUrlAsync(
        GetQueueUrlRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(
            "GetQueueUrl",
            queueUrl: null,
            request,
            SqsJsonContext.Default.GetQueueUrlRequest,
            SqsJsonContext.Default.GetQueueUrlResponse,
            TimeSpan.Zero,
            cancellationToken);
    }

    public void Dispose() => http.Dispose();

    private static Uri RequireQueueUrl(string? queueUrl)
    {
        if (string.IsNullOrWhiteSpace(queueUrl))
        {
            throw new ArgumentException("QueueUrl is required.", nameof(queueUrl));
        }

        if (!Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException(
                $"QueueUrl '{queueUrl}' is not an absolute http(s) URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue.",
                nameof(queueUrl));
        }

        return uri;
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        Uri? queueUrl,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        TimeSpan longPollWait,
        CancellationToken cancellationToken)
    {
        var endpoint = ResolveEndpoint(queueUrl);
        var region = ResolveRegion(endpoint, queueUrl);
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, requestType);

        for (var retry = 0; ; retry++)
        {
            try
            {
                return await SendOnceAsync(operation, endpoint, region, payload, responseType, longPollWait, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SqsException e) when (e.IsRetryable && retry < config.MaxErrorRetry)
            {
                await Task.Delay(backoff.DelayBefore(retry), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(
        string operation,
        Uri endpoint,
        string region,
        byte[] payload,
        JsonTypeInfo<TResponse> responseType,
        TimeSpan longPollWait,
        CancellationToken cancellationToken)
    {
        var awsCredentials = await CredentialsAsync().ConfigureAwait(false);
        var immutable = await awsCredentials.GetCredentialsAsync().ConfigureAwait(false);

        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint);
        message.Content = new ByteArrayContent(payload);
        // A fresh header value per request: MediaTypeHeaderValue is mutable, and requests run concurrently.
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + operation);
        SigV4RequestSigner.Sign(message, payload, immutable, region, Service, DateTime.UtcNow);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(config.Timeout + longPollWait);
        try
        {
            using var response = await http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw SqsErrorResponse.Parse(operation, response.StatusCode, body, RequestId(response));
            }

            if (body.Length == 0)
            {
                body = "{}"u8.ToArray();
            }

            return JsonSerializer.Deserialize(body, responseType)
                ?? throw new SqsException($"SQS {operation} returned 'null' instead of a JSON object.");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SqsException(
                $"SQS {operation} to {endpoint.Authority} got no answer within {config.Timeout + longPollWait}.",
                "RequestTimeout",
                statusCode: null,
                isRetryable: true,
                requestId: null,
                e);
        }
        catch (HttpRequestException e)
        {
            throw new SqsException(
                $"SQS {operation} to {endpoint.Authority} failed on the network: {e.Message}",
                "NetworkError",
                statusCode: null,
                isRetryable: true,
                requestId: null,
                e);
        }
        catch (JsonException e)
        {
            throw new SqsException($"SQS {operation} returned a body that is not the expected JSON: {e.Message}", e);
        }
    }

    private static Func<Task<AWSCredentials>> FixedCredentials(AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var resolved = Task.FromResult(credentials);
        return () => resolved;
    }

    // Resolved once and shared; a failed resolution (instance metadata briefly unreachable) is not kept,
    // so the next call tries the chain again instead of failing for the life of the process.
    private Task<AWSCredentials> CredentialsAsync()
    {
        var current = Volatile.Read(ref credentials);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = resolveCredentials();
            Interlocked.CompareExchange(ref credentials, fresh, current);
            return fresh;
        }

        return current;
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;

    // The JSON protocol posts every operation to the endpoint root; the queue travels in the body.
    private Uri ResolveEndpoint(Uri? queueUrl)
    {
        if (!string.IsNullOrEmpty(config.ServiceUrl))
        {
            return new Uri(config.ServiceUrl, UriKind.Absolute);
        }

        if (queueUrl is not null)
        {
            return new Uri(queueUrl.GetLeftPart(UriPartial.Authority) + "/");
        }

        return new Uri($"https://sqs.{ResolveRegion()}.amazonaws.com/");
    }

    private string ResolveRegion(params Uri?[] hosts)
    {
        if (config.RegionEndpoint is { } regionEndpoint)
        {
            return regionEndpoint.SystemName;
        }

        // sqs.{region}.amazonaws.com, and the legacy {region}.queue.amazonaws.com; an endpoint override
        // (a VPC endpoint, an emulator) rarely says, the queue URL usually does.
        foreach (var host in hosts.OfType<Uri>())
        {
            var labels = host.Host.Split('.');
            if (labels.Length >= 4 && labels[0] == "sqs")
            {
                return labels[1];
            }

            if (labels.Length >= 4 && labels[1] == "queue")
            {
                return labels[0];
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("AWS_REGION")
            ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        return !string.IsNullOrEmpty(fromEnvironment)
            ? fromEnvironment
            : throw new InvalidOperationException(
                "No AWS region for SQS: set SqsClientConfig.RegionEndpoint, use an sqs.{region}.amazonaws.com queue URL, or set AWS_REGION.");
    }
}

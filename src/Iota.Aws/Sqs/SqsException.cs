using System.Net;

namespace Iota.Aws.Sqs;

/// <summary>
/// A failed SQS call: an error the service returned (code from the JSON body's <c>__type</c>), or a
/// network failure or timeout (code <c>NetworkError</c> / <c>RequestTimeout</c>, no status code).
/// </summary>
public sealed class SqsException : Exception
{
    public SqsException()
        : this("SQS request failed.")
    {
    }

    public SqsException(string message)
        : this(message, "Unknown", statusCode: null, isRetryable: false, requestId: null)
    {
    }

    public SqsException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "Unknown";
    }

    public SqsException(
        string message,
        string errorCode,
        HttpStatusCode? statusCode,
        bool isRetryable,
        string? requestId,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        IsRetryable = isRetryable;
        RequestId = requestId;
    }

    /// <summary>Error code without the <c>com.amazonaws.sqs#</c> prefix, e.g. <c>QueueDoesNotExist</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>HTTP status of the response; null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>True for throttling, 5xx, network errors and timeouts: the same call may succeed later.</summary>
    public bool IsRetryable { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the failed response, for AWS support cases.</summary>
    public string? RequestId { get; }
}

using System.Net;
using System.Text.Json;

namespace Iota.Aws.Sqs.Internal;

/// <summary>Turns a non-success AWS JSON 1.0 response into an <see cref="SqsException"/>.</summary>
internal static class SqsErrorResponse
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "KmsThrottled",
        "SlowDown",
        "ServiceUnavailable",
        "InternalError",
        "InternalFailure",
    };

    public static SqsException Parse(string operation, HttpStatusCode status, ReadOnlySpan<byte> body, string? requestId)
    {
        var (code, message) = ReadCodeAndMessage(body);
        code ??= status.ToString();
        message ??= "no error message in the response";
        var retryable = (int)status >= 500 || status == HttpStatusCode.TooManyRequests || RetryableCodes.Contains(code);
        return new SqsException(
            $"SQS {operation} failed with {(int)status} {code}: {message}",
            code,
            status,
            retryable,
            requestId);
    }

    private static (string? Code, string? Message) ReadCodeAndMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            string? code = null;
            string? message = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("__type");
                var isMessage = reader.ValueTextEquals("message") || reader.ValueTextEquals("Message");
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    code = StripNamespace(reader.GetString()!);
                }
                else if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return (code, message);
        }
        catch (JsonException)
        {
            // A proxy or load balancer answered with HTML or plain text; the status code still tells
            // whether to retry.
            return (null, null);
        }
    }

    // "com.amazonaws.sqs#QueueDoesNotExist" and "aws.protocoltests#Foo:http://..." both occur.
    private static string StripNamespace(string type)
    {
        var hash = type.LastIndexOf('#');
        var code = hash < 0 ? type : type[(hash + 1)..];
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? code : code[..colon];
    }
}

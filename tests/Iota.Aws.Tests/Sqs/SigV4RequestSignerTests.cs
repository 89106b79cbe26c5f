using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using Iota.Aws.Sqs.Internal;

namespace Iota.Aws.Tests.Sqs;

/// <summary>
/// Vectors from AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): the inputs and
/// the Authorization header AWS lists for each case, typed in here.
/// </summary>
public sealed class SigV4RequestSignerTests
{
    private static readonly ImmutableCredentials SuiteCredentials =
        new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token: null);

    private static readonly DateTime SuiteTime =
        DateTime.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private const string Scope = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

    public static TheoryData<string, string, string, string?, string?, string?, string> Vectors() => new()
    {
        {
            "get-vanilla", "GET", "https://example.amazonaws.com/", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        },
        {
            "post-vanilla", "POST", "https://example.amazonaws.com/", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        },
        {
            "get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", null, null, null,
            "SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        },
        {
            "post-header-value-case", "POST", "https://example.amazonaws.com/", "My-Header1:VALUE1", null, null,
            "SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"
        },
        {
            "post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/", null,
            "application/x-www-form-urlencoded", "Param1=value1",
            "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Produces_the_published_authorization_header(
        string vector, string method, string url, string? header, string? contentType, string? body, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (header is not null)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..]);
        }

        var payload = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        SigV4RequestSigner.Sign(request, payload, SuiteCredentials, "us-east-1", "service", SuiteTime);

        Assert.True(request.Headers.TryGetValues("Authorization", out var authorization), vector);
        Assert.Equal(Scope + expected, Assert.Single(authorization));
        Assert.Equal("20150830T123600Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
    }

    [Fact]
    public void Session_credentials_add_and_sign_the_security_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://sqs.us-east-1.amazonaws.com/");
        var session = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");

        SigV4RequestSigner.Sign(request, [], session, "us-east-1", "sqs", SuiteTime);

        Assert.Equal("session-token", Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", Assert.Single(request.Headers.GetValues("Authorization")), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_again_replaces_the_previous_signature()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        SigV4RequestSigner.Sign(request, [], SuiteCredentials, "us-east-1", "service", SuiteTime.AddDays(-1));
        SigV4RequestSigner.Sign(request, [], SuiteCredentials, "us-east-1", "service", SuiteTime);

        Assert.Equal(
            Scope + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            Assert.Single(request.Headers.GetValues("Authorization")));
    }
}

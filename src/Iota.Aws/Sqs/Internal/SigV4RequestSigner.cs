using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Iota.Aws.Sqs.Internal;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> with AWS Signature Version 4. The canonical request is built
/// here because AWSSDK.Core only canonicalizes its own <c>IRequest</c> type; the string to sign, the
/// signing key and the signature come from AWSSDK.Core's <see cref="AWS4Signer"/>, so the cryptography is
/// the SDK's, not ours.
/// </summary>
internal static class SigV4RequestSigner
{
    private const string AmzDateHeader = "X-Amz-Date";
    private const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>
    /// Adds <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (for session credentials) and <c>Authorization</c>.
    /// Every header already on the request is signed, plus <c>host</c> and <c>content-type</c>;
    /// <c>content-length</c> is left out because HttpClient sets it after signing.
    /// </summary>
    public static void Sign(
        HttpRequestMessage request,
        ReadOnlySpan<byte> payload,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        signedAt = signedAt.ToUniversalTime();

        request.Headers.Remove(AmzDateHeader);
        request.Headers.Remove(SecurityTokenHeader);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(
            AmzDateHeader, signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation(SecurityTokenHeader, credentials.Token);
        }

        var headers = CanonicalHeaders(request, uri);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = CanonicalRequest(request.Method.Method, uri, headers, signedHeaders, payload);

        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    internal static string CanonicalRequest(
        string method,
        Uri uri,
        SortedDictionary<string, string> headers,
        string signedHeaders,
        ReadOnlySpan<byte> payload)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(uri)).Append('\n');
        builder.Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n');
        builder.Append(signedHeaders).Append('\n');
        builder.Append(Convert.ToHexStringLower(SHA256.HashData(payload)));
        return builder.ToString();
    }

    private static SortedDictionary<string, string> CanonicalHeaders(HttpRequestMessage request, Uri uri)
    {
        var values = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string name, IEnumerable<string> headerValues)
        {
            var key = name.ToLowerInvariant();
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            list.AddRange(headerValues.Select(CollapseSpaces));
        }

        Add("host", [request.Headers.Host ?? uri.Authority]);
        foreach (var (name, headerValues) in request.Headers.NonValidated)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                Add(name, headerValues);
            }
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            Add("content-type", [contentType.ToString()]);
        }

        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, list) in values)
        {
            canonical[name] = string.Join(',', list);
        }

        return canonical;
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousWasSpace = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c == ' ';
            if (!(isSpace && previousWasSpace))
            {
                builder.Append(c);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }

    // Services other than S3 expect each path segment encoded twice: once as it travels on the wire
    // (Uri.AbsolutePath) and once more for the canonical form.
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(segment => Encode(segment)));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    // RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX with upper-case hex.
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

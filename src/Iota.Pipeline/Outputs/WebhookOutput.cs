using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Iota.Pipeline.Outputs.Internal;

namespace Iota.Pipeline.Outputs;

/// <summary>
/// POSTs each alert as JSON (the <see cref="AlertJson"/> object) to a URL. With a secret, requests carry
/// <c>X-Iota-Signature: sha256=&lt;hex HMAC-SHA256 of the exact body bytes&gt;</c> and <c>X-Iota-Timestamp</c>
/// (Unix seconds when sent), so the receiver can check the body came from someone holding the secret.
/// </summary>
public sealed class WebhookOutput : IAlertOutput
{
    /// <summary>The header carrying the body signature.</summary>
    public const string SignatureHeader = "X-Iota-Signature";

    /// <summary>The header carrying the send time in Unix seconds.</summary>
    public const string TimestampHeader = "X-Iota-Timestamp";

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly byte[]? _secret;
    private readonly TimeProvider _time;

    /// <summary>Creates an output posting to <paramref name="url"/>, signing with <paramref name="secret"/> when given.</summary>
    public WebhookOutput(Uri url, HttpClient http, string? secret = null, string name = "webhook", TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _url = url;
        _http = http;
        _secret = string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);
        _time = time ?? TimeProvider.System;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        var body = AlertJson.SerializeToUtf8Bytes(alert);
        var headers = new List<KeyValuePair<string, string>>(2);
        if (_secret is not null)
        {
            headers.Add(new(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, body))));
            headers.Add(new(TimestampHeader, _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        return HttpDelivery.PostJsonAsync(_http, _url, body, $"Webhook {Name}", headers, cancellationToken);
    }
}

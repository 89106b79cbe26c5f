using System.Net.Http.Headers;

namespace Iota.Pipeline.Outputs.Internal;

/// <summary>POSTs a JSON body and turns any non-success answer into an exception the forwarder retries.</summary>
internal static class HttpDelivery
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <param name="what">How errors name the destination, e.g. "Slack webhook". Never the URL: for Slack the
    /// URL is the secret.</param>
    public static async Task PostJsonAsync(
        HttpClient http,
        Uri url,
        byte[] body,
        string what,
        IEnumerable<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        // ByteArrayContent sends exactly these bytes, which a signature over the body depends on.
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{what} answered {(int)response.StatusCode} ({response.ReasonPhrase}).",
                inner: null,
                response.StatusCode);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.Tests.Support;
using Iota.Sdk;

namespace Iota.Pipeline.Tests.Outputs;

public sealed class HttpOutputTests : IDisposable
{
    private readonly RecordingHttpServer _server = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Slack_gets_a_readable_message_with_the_facts_a_responder_needs()
    {
        await new SlackOutput(_server.Url("/services/T000/B000/secret"), _http).SendAsync(SampleAlerts.Alert(), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var json = request.Json;
        Assert.Equal("[HIGH] Root login from 203.0.113.7", json.GetProperty("text").GetString());
        var blocks = json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Equal(
            ["*Severity*\nHIGH", "*Rule*\nAWS.Root.Login", "*Account*\n123456789012", "*Region*\nus-east-1",
             "*Actor*\narn:aws:iam::123456789012:root", "*Count*\n3"],
            fields);
        Assert.Equal("• *ip*: `203.0.113.7`\n• *mfa*: `false`", blocks[2].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Slack_messages_carry_no_links_even_when_the_context_holds_one()
    {
        var alert = SampleAlerts.Alert(context: """{"note":"<https://evil.example|click me> `x`"}""");

        await new SlackOutput(_server.Url(), _http).SendAsync(alert, CancellationToken.None);

        var context = _server.Requests[0].Json.GetProperty("blocks")[2].GetProperty("text").GetProperty("text").GetString();
        Assert.Equal("• *note*: `&lt;https://evil.example|click me&gt; 'x'`", context);
    }

    [Fact]
    public async Task A_signed_webhook_carries_an_hmac_of_the_exact_body_that_verifies_independently()
    {
        const string secret = "s3cr3t-for-tests";
        var alert = SampleAlerts.Alert();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await new WebhookOutput(_server.Url(), _http, secret).SendAsync(alert, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = "sha256=" + string.Concat(hmac.ComputeHash(request.Body).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        Assert.Equal(expected, request.Headers["X-Iota-Signature"]);
        Assert.InRange(long.Parse(request.Headers["X-Iota-Timestamp"], CultureInfo.InvariantCulture), before, long.MaxValue);
        Assert.Equal(AlertJson.SerializeToUtf8Bytes(alert), request.Body);
    }

    [Fact]
    public async Task An_unsigned_webhook_sends_the_alert_json_without_signature_headers()
    {
        await new WebhookOutput(_server.Url(), _http).SendAsync(SampleAlerts.Alert(), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.False(request.Headers.ContainsKey("X-Iota-Signature"));
        Assert.False(request.Headers.ContainsKey("X-Iota-Timestamp"));
        Assert.Equal("AWS.Root.Login", request.Json.GetProperty("rule_id").GetString());
    }

    [Fact]
    public async Task A_non_success_answer_is_an_error_that_does_not_show_the_url()
    {
        _server.AnswerNext(HttpStatusCode.InternalServerError);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            new SlackOutput(_server.Url("/services/T000/B000/secret"), _http).SendAsync(SampleAlerts.Alert(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Severity.Critical, "critical")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "info")]
    [InlineData(Severity.Info, "info")]
    public async Task PagerDuty_gets_an_events_v2_trigger_keyed_by_the_alert_id(Severity severity, string expected)
    {
        var alert = SampleAlerts.Alert(severity);

        await new PagerDutyOutput("routing-key-123", _http, _server.Url("/v2/enqueue")).SendAsync(alert, CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v2/enqueue", request.Path);
        var json = request.Json;
        Assert.Equal("routing-key-123", json.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", json.GetProperty("event_action").GetString());
        Assert.Equal(alert.AlertId, json.GetProperty("dedup_key").GetString());
        var payload = json.GetProperty("payload");
        Assert.Equal(expected, payload.GetProperty("severity").GetString());
        Assert.Equal($"[{AlertJson.SeverityName(severity)}] Root login from 203.0.113.7", payload.GetProperty("summary").GetString());
        Assert.Equal("aws:123456789012", payload.GetProperty("source").GetString());
        Assert.Equal("2026-03-01T12:00:00.000Z", payload.GetProperty("timestamp").GetString());
        Assert.Equal(alert.AlertId, payload.GetProperty("custom_details").GetProperty("alert_id").GetString());
        Assert.Equal(JsonValueKind.Object, payload.GetProperty("custom_details").GetProperty("event").ValueKind);
    }

    [Fact]
    public void PagerDuty_defaults_to_the_public_events_endpoint() =>
        Assert.Equal("https://events.pagerduty.com/v2/enqueue", PagerDutyOutput.DefaultEndpoint.ToString());
}

using System.Buffers;
using System.Text.Json;
using Iota.Pipeline.Outputs.Internal;
using Iota.Sdk;

namespace Iota.Pipeline.Outputs;

/// <summary>
/// Triggers a PagerDuty incident per alert through the Events API v2. The dedup key is the alert id, so a
/// redelivered alert (after a crash or a retry whose answer was lost) updates the same incident instead of
/// opening another.
/// </summary>
public sealed class PagerDutyOutput : IAlertOutput
{
    /// <summary>The Events API v2 endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("https://events.pagerduty.com/v2/enqueue");

    private readonly HttpClient _http;
    private readonly string _routingKey;
    private readonly Uri _endpoint;

    /// <summary>
    /// Creates an output for the service with <paramref name="routingKey"/> (a secret: it is never logged),
    /// posting to <paramref name="endpoint"/> or <see cref="DefaultEndpoint"/>.
    /// </summary>
    public PagerDutyOutput(string routingKey, HttpClient http, Uri? endpoint = null, string name = "pagerduty")
    {
        ArgumentException.ThrowIfNullOrEmpty(routingKey);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _routingKey = routingKey;
        _http = http;
        _endpoint = endpoint ?? DefaultEndpoint;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task SendAsync(Alert alert, CancellationToken cancellationToken) =>
        HttpDelivery.PostJsonAsync(_http, _endpoint, BuildPayload(alert), "PagerDuty Events API", [], cancellationToken);

    /// <summary>PagerDuty's four severities; iota's Low and Info both page as info.</summary>
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "error",
        Severity.Medium => "warning",
        _ => "info",
    };

    internal byte[] BuildPayload(Alert alert)
    {
        var facts = CloudTrailFacts.From(alert);
        var summary = $"[{AlertJson.SeverityName(alert.Severity)}] {alert.Title}";
        if (summary.Length > 1024)
        {
            // The API rejects longer summaries.
            summary = summary[..1023] + "…";
        }

        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("routing_key", _routingKey);
            writer.WriteString("event_action", "trigger");
            writer.WriteString("dedup_key", alert.AlertId);
            writer.WriteStartObject("payload");
            writer.WriteString("summary", summary);
            writer.WriteString("source", facts.AccountId is { } account ? "aws:" + account : "iota");
            writer.WriteString("severity", SeverityName(alert.Severity));
            writer.WriteString("timestamp", AlertJson.Timestamp(alert.FirstSeen));
            writer.WriteString("component", alert.LogType);
            writer.WriteString("group", alert.RuleId);
            writer.WriteString("class", alert.RuleId);
            writer.WritePropertyName("custom_details");
            AlertJson.Write(writer, alert);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

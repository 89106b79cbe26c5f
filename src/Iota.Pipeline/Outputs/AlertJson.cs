using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Iota.Sdk;

namespace Iota.Pipeline.Outputs;

/// <summary>
/// The one JSON shape of an alert, shared by stdout, file and webhook outputs, PagerDuty's custom details and
/// <c>iota alerts list --format json</c>: <c>alert_id, rule_id, title, severity, dedup, log_type, event_time,
/// alert_context, event, count, first_seen, last_seen</c>. The alert context and the event are embedded as
/// JSON values, not strings, so consumers need no second parse.
/// </summary>
public static class AlertJson
{
    /// <summary>The alert as one line of UTF-8 JSON (no trailing newline).</summary>
    public static byte[] SerializeToUtf8Bytes(Alert alert)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, alert);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The alert as one line of JSON text (no trailing newline).</summary>
    public static string Serialize(Alert alert) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(alert));

    /// <summary>Writes the alert as a JSON object to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(alert);

        writer.WriteStartObject();
        writer.WriteString("alert_id", alert.AlertId);
        writer.WriteString("rule_id", alert.RuleId);
        writer.WriteString("title", alert.Title);
        writer.WriteString("severity", SeverityName(alert.Severity));
        writer.WriteString("dedup", alert.Dedup);
        writer.WriteString("log_type", alert.LogType);
        if (alert.EventTime is { } eventTime)
        {
            writer.WriteString("event_time", Timestamp(eventTime));
        }
        else
        {
            writer.WriteNull("event_time");
        }

        writer.WritePropertyName("alert_context");
        WriteEmbedded(writer, alert.AlertContextJson);
        writer.WritePropertyName("event");
        WriteEmbedded(writer, alert.EventJson);
        writer.WriteNumber("count", alert.Count);
        writer.WriteString("first_seen", Timestamp(alert.FirstSeen));
        writer.WriteString("last_seen", Timestamp(alert.LastSeen));
        writer.WriteEndObject();
    }

    /// <summary>The severity as outputs spell it: <c>INFO, LOW, MEDIUM, HIGH, CRITICAL</c>.</summary>
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Info => "INFO",
        Severity.Low => "LOW",
        Severity.Medium => "MEDIUM",
        Severity.High => "HIGH",
        Severity.Critical => "CRITICAL",
        _ => severity.ToString().ToUpperInvariant(),
    };

    /// <summary>UTC ISO 8601 with milliseconds, the form every output uses for times.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Rules produce the context and readers produce the event, so both should be JSON; if one is not, the
    // alert still goes out with the text as a string rather than failing delivery forever. Re-writing through a
    // document (not a raw copy) keeps pretty-printed source events on one line, which JSON lines needs.
    private static void WriteEmbedded(Utf8JsonWriter writer, string? json)
    {
        if (json is null)
        {
            writer.WriteNullValue();
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(json);
            return;
        }

        using (document)
        {
            document.RootElement.WriteTo(writer);
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Iota.Pipeline.Outputs.Internal;

namespace Iota.Pipeline.Outputs;

/// <summary>
/// Posts alerts to a Slack incoming webhook as a readable message: severity and title, then rule, account,
/// region, actor and count, then the alert context as a short list. The message carries no links, and context
/// values sit in code spans so Slack does not turn them into links either: an attacker-controlled field must
/// not become something to click.
/// </summary>
public sealed class SlackOutput : IAlertOutput
{
    private const int MaxContextEntries = 15;
    private const int MaxValueLength = 200;

    private readonly HttpClient _http;
    private readonly Uri _webhookUrl;

    /// <summary>Creates an output posting to <paramref name="webhookUrl"/> (a secret: it is never logged).</summary>
    public SlackOutput(Uri webhookUrl, HttpClient http, string name = "slack")
    {
        ArgumentNullException.ThrowIfNull(webhookUrl);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _webhookUrl = webhookUrl;
        _http = http;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task SendAsync(Alert alert, CancellationToken cancellationToken) =>
        HttpDelivery.PostJsonAsync(_http, _webhookUrl, BuildPayload(alert), "Slack webhook", [], cancellationToken);

    /// <summary>The webhook body for <paramref name="alert"/>: <c>text</c> for notifications plus <c>blocks</c>.</summary>
    internal static byte[] BuildPayload(Alert alert)
    {
        var facts = CloudTrailFacts.From(alert);
        var severity = AlertJson.SeverityName(alert.Severity);
        var headline = $"[{severity}] {alert.Title}";

        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("text", Escape(headline));
            writer.WriteStartArray("blocks");

            writer.WriteStartObject();
            writer.WriteString("type", "header");
            writer.WriteStartObject("text");
            writer.WriteString("type", "plain_text");
            writer.WriteString("text", Truncate(headline, 150));
            writer.WriteEndObject();
            writer.WriteEndObject();

            writer.WriteStartObject();
            writer.WriteString("type", "section");
            writer.WriteStartArray("fields");
            Field(writer, "Severity", severity);
            Field(writer, "Rule", alert.RuleId);
            Field(writer, "Account", facts.AccountId ?? "unknown");
            Field(writer, "Region", facts.Region ?? "unknown");
            Field(writer, "Actor", facts.Actor ?? "unknown");
            Field(writer, "Count", alert.Count.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndArray();
            writer.WriteEndObject();

            var context = ContextSummary(alert.AlertContextJson);
            if (context.Length > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "section");
                writer.WriteStartObject("text");
                writer.WriteString("type", "mrkdwn");
                writer.WriteString("text", context);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteStartObject();
            writer.WriteString("type", "context");
            writer.WriteStartArray("elements");
            writer.WriteStartObject();
            writer.WriteString("type", "mrkdwn");
            writer.WriteString(
                "text",
                Escape($"alert {alert.AlertId} · first seen {AlertJson.Timestamp(alert.FirstSeen)} · last seen {AlertJson.Timestamp(alert.LastSeen)}"));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Field(Utf8JsonWriter writer, string label, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "mrkdwn");
        writer.WriteString("text", $"*{label}*\n{Escape(Truncate(value, MaxValueLength))}");
        writer.WriteEndObject();
    }

    private static string ContextSummary(string? contextJson)
    {
        if (contextJson is null)
        {
            return "";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(contextJson);
        }
        catch (JsonException)
        {
            return Code(contextJson);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Code(root.GetRawText());
            }

            var lines = new StringBuilder();
            var shown = 0;
            var total = 0;
            foreach (var property in root.EnumerateObject())
            {
                total++;
                if (shown == MaxContextEntries)
                {
                    continue;
                }

                var value = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? ""
                    : property.Value.GetRawText();
                lines.Append("• *").Append(Escape(property.Name)).Append("*: ").Append(Code(value)).Append('\n');
                shown++;
            }

            if (total > shown)
            {
                lines.Append(CultureInfo.InvariantCulture, $"…and {total - shown} more\n");
            }

            return lines.ToString().TrimEnd('\n');
        }
    }

    // A code span shows the value literally; backticks inside it would end the span early.
    private static string Code(string value) => "`" + Escape(Truncate(value, MaxValueLength)).Replace('`', '\'') + "`";

    // Slack mrkdwn treats <...> as links and mentions; these three escapes are all it asks for.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

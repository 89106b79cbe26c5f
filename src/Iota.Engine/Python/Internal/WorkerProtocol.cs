using System.Buffers;
using System.Text.Json;
using Iota.Sdk;

namespace Iota.Engine.Python.Internal;

/// <summary>Builds the JSON requests the worker understands and reads its answers. See iota_worker.py for the other side.</summary>
internal static class WorkerProtocol
{
    public static byte[] LoadRequest(IReadOnlyList<string> ruleDirectories, IReadOnlyList<RuleYamlFile> yamlFiles, string cacheDatabasePath) =>
        Write(writer =>
        {
            writer.WriteString("type", "load");
            writer.WriteString("cache_db", cacheDatabasePath);
            writer.WriteStartArray("rule_dirs");
            foreach (var directory in ruleDirectories)
            {
                writer.WriteStringValue(Path.GetFullPath(directory));
            }

            writer.WriteEndArray();
            writer.WriteStartArray("yaml_files");
            foreach (var file in yamlFiles)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file.Path);
                writer.WritePropertyName("content");
                if (file.Content is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    file.Content.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary>Events are copied into the frame as their original bytes; the worker parses each one once.</summary>
    public static byte[] EvaluateRequest(long batchId, IReadOnlyList<(ReadOnlyMemory<byte> EventUtf8, string LogType)> events) =>
        Write(writer =>
        {
            writer.WriteString("type", "evaluate");
            writer.WriteNumber("batch_id", batchId);
            writer.WriteStartArray("events");
            foreach (var (eventUtf8, logType) in events)
            {
                writer.WriteStartObject();
                writer.WriteString("log_type", logType);
                writer.WritePropertyName("event");
                writer.WriteRawValue(eventUtf8.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static byte[] TestRequest(IEnumerable<string> ruleIds) =>
        Write(writer =>
        {
            writer.WriteString("type", "test");
            writer.WriteStartArray("rule_ids");
            foreach (var id in ruleIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
        });

    /// <summary>A batch event the worker can parse: valid JSON whose top level is an object.</summary>
    public static bool IsJsonObject(ReadOnlySpan<byte> eventUtf8)
    {
        try
        {
            var reader = new Utf8JsonReader(eventUtf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static JsonElement Expect(JsonDocument response, string type)
    {
        var root = response.RootElement;
        var actual = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (actual != type)
        {
            var detail = root.TryGetProperty("message", out var m) ? $": {m.GetString()}" : "";
            throw new WorkerFailedException($"Python worker answered '{actual}' where '{type}' was expected{detail}");
        }

        return root;
    }

    public static RuleDescriptor ReadRule(JsonElement rule) => new()
    {
        Id = rule.GetProperty("id").GetString()!,
        Language = "python",
        Source = rule.GetProperty("source").GetString()!,
        Severity = ReadSeverity(rule.GetProperty("severity")),
        LogTypes = ReadStrings(rule.GetProperty("log_types")),
        DedupPeriodMinutes = rule.GetProperty("dedup_period_minutes").GetInt32(),
        Threshold = rule.GetProperty("threshold").GetInt32(),
        Description = rule.GetProperty("description").GetString() ?? "",
        Runbook = rule.GetProperty("runbook").GetString() ?? "",
        Reference = rule.GetProperty("reference").GetString() ?? "",
        Tags = ReadStrings(rule.GetProperty("tags")),
        Enabled = rule.GetProperty("enabled").GetBoolean(),
    };

    public static RuleLoadError ReadLoadError(JsonElement error) => new(
        error.GetProperty("file").GetString()!,
        error.GetProperty("line").ValueKind == JsonValueKind.Number ? error.GetProperty("line").GetInt32() : null,
        null,
        error.GetProperty("message").GetString()!);

    public static PythonMatch ReadMatch(int eventIndex, JsonElement match) =>
        new(
            eventIndex,
            match.GetProperty("rule_id").GetString()!,
            match.GetProperty("title").GetString()!,
            match.GetProperty("dedup").GetString()!,
            ReadSeverity(match.GetProperty("severity")),
            ReadJsonObject(match, "alert_context"))
        {
            Description = ReadOptionalString(match, "description"),
            Runbook = ReadOptionalString(match, "runbook"),
            Reference = ReadOptionalString(match, "reference"),
            Destinations = match.TryGetProperty("destinations", out var d) ? ReadStrings(d) : [],
        };

    public static RuleTestResult ReadTestResult(JsonElement result) => new()
    {
        RuleId = result.GetProperty("rule_id").GetString()!,
        TestName = result.GetProperty("test_name").GetString()!,
        Expected = result.GetProperty("expected").GetBoolean(),
        Matched = result.GetProperty("matched").GetBoolean(),
        Passed = result.GetProperty("passed").GetBoolean(),
        Error = ReadOptionalString(result, "error"),
        Title = ReadOptionalString(result, "title"),
        Dedup = ReadOptionalString(result, "dedup"),
        Severity = result.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String ? ReadSeverity(s) : null,
        AlertContextJson = ReadJsonObject(result, "alert_context"),
    };

    private static Severity ReadSeverity(JsonElement value) =>
        Enum.TryParse<Severity>(value.GetString(), ignoreCase: true, out var severity) ? severity : Severity.Info;

    private static string[] ReadStrings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];

    private static string? ReadOptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? ReadJsonObject(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value.GetRawText() : null;

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

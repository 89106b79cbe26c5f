using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Iota.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Iota.Engine.Testing;

/// <summary>
/// Reads rule test files (<c>*.tests.yml</c>) that sit beside C# rules:
/// <code>
/// rule_id: AWS.CloudTrail.LoggingStopped
/// tests:
///   - name: StopLogging by an IAM user alerts
///     expected: true
///     title: "…"        # optional, exact
///     dedup: "…"        # optional, exact
///     severity: HIGH    # optional
///     event: {"eventName": "StopLogging", …}
/// </code>
/// <c>event</c> is a mapping (JSON syntax is valid YAML); quoted scalars are strings, bare ones are typed as
/// JSON numbers, booleans or null.
/// </summary>
public static partial class RuleTestFile
{
    /// <summary>The file-name suffix of rule test files.</summary>
    public const string Suffix = ".tests.yml";

    /// <summary>Finds every test file under <paramref name="directories"/>.</summary>
    public static IEnumerable<string> Discover(IEnumerable<string> directories) =>
        directories
            .Select(Path.GetFullPath)
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*" + Suffix, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Loads the cases of one file; problems are returned as load errors naming file and line.</summary>
    public static (IReadOnlyList<RuleTestCase> Cases, IReadOnlyList<RuleLoadError> Errors) Load(string path)
    {
        var cases = new List<RuleTestCase>();
        var errors = new List<RuleLoadError>();
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            errors.Add(new RuleLoadError(path, (int)ex.Start.Line, (int)ex.Start.Column, $"invalid YAML: {ex.Message}"));
            return (cases, errors);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this, not YamlException, for some malformed input (an unclosed [ or {).
            errors.Add(new RuleLoadError(path, null, null, $"invalid YAML (look for an unclosed [ or {{): {ex.Message}"));
            return (cases, errors);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new RuleLoadError(path, 1, 1, "expected a mapping with rule_id and tests"));
            return (cases, errors);
        }

        string? ruleId = Scalar(root, "rule_id");
        if (string.IsNullOrWhiteSpace(ruleId))
        {
            errors.Add(new RuleLoadError(path, Line(root), 1, "missing rule_id"));
            return (cases, errors);
        }

        if (Child(root, "tests") is not YamlSequenceNode tests)
        {
            errors.Add(new RuleLoadError(path, Line(root), 1, "missing tests: a list of cases"));
            return (cases, errors);
        }

        foreach (YamlNode node in tests)
        {
            if (node is not YamlMappingNode test)
            {
                errors.Add(new RuleLoadError(path, Line(node), 1, "each test must be a mapping"));
                continue;
            }

            string name = Scalar(test, "name") ?? $"case at line {Line(test)}";
            string? expected = Scalar(test, "expected");
            if (expected is not ("true" or "false"))
            {
                errors.Add(new RuleLoadError(path, Line(test), 1, $"test '{name}': expected must be true or false"));
                continue;
            }

            if (Child(test, "event") is not YamlMappingNode evt)
            {
                errors.Add(new RuleLoadError(path, Line(test), 1, $"test '{name}': event must be a mapping"));
                continue;
            }

            Severity? severity = null;
            if (Scalar(test, "severity") is string sev)
            {
                if (!Enum.TryParse(sev, ignoreCase: true, out Severity parsed))
                {
                    errors.Add(new RuleLoadError(path, Line(test), 1, $"test '{name}': unknown severity {sev}"));
                    continue;
                }

                severity = parsed;
            }

            cases.Add(new RuleTestCase
            {
                RuleId = ruleId,
                Name = name,
                Expected = expected == "true",
                EventUtf8 = ToJson(evt),
                Title = Scalar(test, "title"),
                Dedup = Scalar(test, "dedup"),
                Severity = severity,
                SourceFile = path,
                Line = Line(test),
            });
        }

        return (cases, errors);
    }

    /// <summary>Converts a YAML node to JSON: quoted scalars are strings, bare scalars are typed.</summary>
    public static byte[] ToJson(YamlNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? "");
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                foreach (YamlNode item in seq)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                string text = scalar.Value ?? "";
                if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
                {
                    writer.WriteStringValue(text);
                }
                else if (text is "null" or "~" or "")
                {
                    writer.WriteNullValue();
                }
                else if (text is "true" or "false")
                {
                    writer.WriteBooleanValue(text == "true");
                }
                else if (JsonNumber().IsMatch(text))
                {
                    writer.WriteRawValue(text);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}

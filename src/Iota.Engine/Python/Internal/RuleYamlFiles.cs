using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Iota.Engine.Python.Internal;

/// <summary>One parsed .yml/.yaml file from a rule folder, handed to the worker as JSON.</summary>
internal sealed record RuleYamlFile(string Path, JsonNode? Content);

/// <summary>
/// Finds and parses the YAML in the rule folders. The host does this rather than the worker because the standard
/// Python library has no YAML parser, and YamlDotNet gives line and column for malformed files.
/// </summary>
internal static class RuleYamlFiles
{
    public static (IReadOnlyList<RuleYamlFile> Files, IReadOnlyList<RuleLoadError> Errors) Read(IEnumerable<string> ruleDirectories)
    {
        var files = new List<RuleYamlFile>();
        var errors = new List<RuleLoadError>();
        foreach (var directory in ruleDirectories)
        {
            foreach (var path in Enumerate(Path.GetFullPath(directory)))
            {
                try
                {
                    var stream = new YamlStream();
                    using (var reader = File.OpenText(path))
                    {
                        stream.Load(reader);
                    }

                    files.Add(new RuleYamlFile(path, stream.Documents.Count == 0 ? null : YamlToJson.Convert(stream.Documents[0].RootNode)));
                }
                catch (YamlException e)
                {
                    errors.Add(new RuleLoadError(path, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {e.InnerException?.Message ?? e.Message}"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add(new RuleLoadError(path, null, null, $"cannot read YAML: {e.Message}"));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Duplicate keys, and some malformed flow collections YamlDotNet fails on without a position.
                    errors.Add(new RuleLoadError(path, null, null, $"invalid YAML: {e.Message}"));
                }
            }
        }

        return (files, errors);
    }

    private static IEnumerable<string> Enumerate(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }

        foreach (var child in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            if (name.StartsWith('.') || name is "__pycache__" or "helpers" or "global_helpers")
            {
                continue;
            }

            foreach (var file in Enumerate(child))
            {
                yield return file;
            }
        }
    }
}

using System.Text.Json;
using Iota.Pipeline.Outputs;
using Iota.Sdk;

namespace Iota.Pipeline;

/// <summary>
/// The outputs iota sends alerts to, from a config file (<c>iota.json</c>) or from <c>--output</c> specs.
/// </summary>
/// <remarks>
/// The file is JSON (comments and trailing commas allowed) with one <c>outputs</c> array:
/// <code>
/// {
///   "outputs": [
///     { "spec": "stdout" },
///     { "name": "oncall", "spec": "pagerduty", "min_severity": "HIGH" },
///     { "spec": "slack", "tags": ["iam"], "rules": ["AWS.Root.Login"] },
///     { "spec": "webhook:https://siem.example.com/iota" }
///   ]
/// }
/// </code>
/// <c>spec</c> is an <see cref="OutputSpec"/>; <c>name</c> defaults to the spec's kind (with <c>-2</c>, <c>-3</c>…
/// when a kind repeats); <c>min_severity</c> (INFO, LOW, MEDIUM, HIGH, CRITICAL; default INFO), <c>rules</c> and
/// <c>tags</c> filter what the output receives (see <see cref="OutputRoute"/>). Secrets never go in the file:
/// they come from the environment variables each spec names.
/// </remarks>
public sealed class IotaConfig
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private IotaConfig(IReadOnlyList<ConfiguredOutput> outputs) => Outputs = outputs;

    /// <summary>The configured outputs, in the order given.</summary>
    public IReadOnlyList<ConfiguredOutput> Outputs { get; }

    /// <summary>Each output's route, as <see cref="AlertStore.CommitUnit(string, IReadOnlyList{Engine.RuleMatch}, IReadOnlyList{OutputRoute}, DateTimeOffset)"/> takes them.</summary>
    public IReadOnlyList<OutputRoute> Routes => Outputs.Select(output => output.Route).ToList();

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="IotaConfigException">The file is missing or wrong; the message names the file and the place.</exception>
    public static IotaConfig Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new IotaConfigException($"{path}: cannot read the config file ({error.Message}).", error);
        }

        return Parse(json, path, environment);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="IotaConfigException">The text is not valid config.</exception>
    public static IotaConfig Parse(string json, string source, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ReadOptions);
        }
        catch (JsonException error)
        {
            throw new IotaConfigException(
                $"{source}: line {error.LineNumber + 1}, position {error.BytePositionInLine + 1}: not valid JSON.", error);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("outputs", out var outputs) ||
                outputs.ValueKind != JsonValueKind.Array)
            {
                throw new IotaConfigException($"{source}: expected an object with an \"outputs\" array.");
            }

            var entries = outputs.EnumerateArray().Select((entry, index) => ReadEntry(entry, $"{source}: outputs[{index}]")).ToList();
            var kindCounts = new Dictionary<OutputKind, int>();
            var configured = new List<ConfiguredOutput>();
            foreach (var (place, name, specText, route) in entries)
            {
                OutputSpec spec;
                try
                {
                    spec = OutputSpec.Parse(specText, name, environment);
                }
                catch (IotaConfigException error)
                {
                    throw new IotaConfigException($"{place}: {error.Message}", error);
                }

                if (name is null)
                {
                    var occurrence = kindCounts[spec.Kind] = kindCounts.GetValueOrDefault(spec.Kind) + 1;
                    if (occurrence > 1)
                    {
                        spec = OutputSpec.Parse(specText, $"{spec.Name}-{occurrence}", environment);
                    }
                }

                configured.Add(new ConfiguredOutput(spec, route with { OutputName = spec.Name }));
            }

            return Create(configured, source);
        }
    }

    /// <summary>Config from <c>--output</c> specs: every output receives every alert.</summary>
    /// <exception cref="IotaConfigException">A spec is malformed or needs a variable that is not set.</exception>
    public static IotaConfig FromSpecs(IEnumerable<string> specs, Func<string, string?>? environment = null) =>
        Create(
            OutputSpec.ParseAll(specs, environment).Select(spec => new ConfiguredOutput(spec, OutputRoute.All(spec.Name))).ToList(),
            "--output");

    /// <summary>Builds every configured output.</summary>
    public IReadOnlyList<IAlertOutput> CreateOutputs(HttpClient http, TextWriter stdout) =>
        Outputs.Select(output => output.Spec.CreateOutput(http, stdout)).ToList();

    private static IotaConfig Create(List<ConfiguredOutput> outputs, string source)
    {
        var duplicate = outputs.GroupBy(o => o.Spec.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new IotaConfigException(
                $"{source}: two outputs are named '{duplicate.Key}'; give each a distinct \"name\".");
        }

        return new IotaConfig(outputs);
    }

    private static (string Place, string? Name, string Spec, OutputRoute Route) ReadEntry(JsonElement entry, string place)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new IotaConfigException($"{place}: expected an object like {{\"spec\": \"stdout\"}}.");
        }

        var spec = String(entry, "spec", place) ?? throw new IotaConfigException($"{place}: \"spec\" is required.");
        var name = String(entry, "name", place);
        var minimum = Severity.Info;
        if (String(entry, "min_severity", place) is { } severityText &&
            (!Enum.TryParse(severityText, ignoreCase: true, out minimum) || !Enum.IsDefined(minimum) ||
             severityText.Any(char.IsDigit)))
        {
            throw new IotaConfigException(
                $"{place}: min_severity '{severityText}' is not one of INFO, LOW, MEDIUM, HIGH, CRITICAL.");
        }

        return (place, name, spec, new OutputRoute("", minimum, Strings(entry, "rules", place), Strings(entry, "tags", place)));
    }

    private static string? String(JsonElement entry, string property, string place)
    {
        if (!entry.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new IotaConfigException($"{place}: \"{property}\" must be a string.");
    }

    private static string[] Strings(JsonElement entry, string property, string place)
    {
        if (!entry.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw new IotaConfigException($"{place}: \"{property}\" must be an array of strings.");
        }

        return value.EnumerateArray().Select(item => item.GetString()!).ToArray();
    }
}

using System.Collections;
using System.Text.Json;
using Iota.Pipeline;
using Microsoft.Extensions.Configuration;

namespace Iota.Cli.Serve;

/// <summary>
/// Layers <c>iota serve</c>'s settings: the <c>serve</c> section of the config file, then <c>IOTA_*</c> environment
/// variables, then flags. The same file's <c>outputs</c> array (see <see cref="IotaConfig"/>) says where alerts go.
/// </summary>
internal static class ServeConfiguration
{
    public const string EnvironmentPrefix = "IOTA_";

    /// <summary>The layered settings, as one configuration keyed by snake_case names.</summary>
    /// <exception cref="IotaConfigException">The file cannot be read or is not JSON.</exception>
    public static IConfiguration Build(string? configFile, IDictionary environment, IReadOnlyDictionary<string, string?> flags)
    {
        var layers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configFile is not null)
        {
            IConfigurationRoot file;
            try
            {
                file = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configFile), optional: false).Build();
            }
            catch (Exception error) when (error is IOException or InvalidDataException or FormatException or JsonException)
            {
                throw new IotaConfigException($"{configFile}: {error.Message}", error);
            }

            foreach (var (key, value) in file.GetSection("serve").AsEnumerable(makePathsRelative: true))
            {
                layers[key] = value;
            }
        }

        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                layers[name[EnvironmentPrefix.Length..]] = value;
            }
        }

        foreach (var (key, value) in flags)
        {
            if (value is not null)
            {
                // A list flag replaces the whole list from lower layers, not merges into it.
                foreach (var stale in layers.Keys.Where(k => k.StartsWith(key.Split(':')[0] + ":", StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    layers.Remove(stale);
                }

                layers[key] = value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(layers).Build();
    }

    /// <summary>Outputs: the file's <c>outputs</c> array when it has one, else <c>--output</c> specs, else stdout.</summary>
    /// <exception cref="IotaConfigException">Both were given, or either is wrong.</exception>
    public static IotaConfig Outputs(string? configFile, IReadOnlyList<string> specs)
    {
        bool fileHasOutputs = false;
        if (configFile is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(configFile), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                fileHasOutputs = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("outputs", out _);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
            {
                throw new IotaConfigException($"{configFile}: {error.Message}", error);
            }
        }

        if (fileHasOutputs && specs.Count > 0)
        {
            throw new IotaConfigException($"{configFile} has an \"outputs\" array; use it or --output, not both");
        }

        return fileHasOutputs ? IotaConfig.Load(configFile!) : IotaConfig.FromSpecs(specs.Count > 0 ? specs : ["stdout"]);
    }
}

using System.CommandLine;
using Iota.Pipeline;

namespace Iota.Cli.Internal;

/// <summary>Options shared by several commands, so their names and meaning never drift apart.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Rules() => new("--rules")
    {
        Description = "A rule folder (C# .csx, plugin .dll, Python); repeatable. Default: the bundled rules.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> Outputs() => new("--output")
    {
        Description = "Where alerts go: stdout, file:PATH, slack[:URL], webhook:URL, pagerduty; repeatable. Default: stdout.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Config() => new("--config")
    {
        Description = "A JSON config file with outputs and routing (see README).",
    };

    /// <summary><c>--workers</c>: files processed in parallel, at least one.</summary>
    public static Option<int?> Workers() => AtLeastOne(new Option<int?>("--workers") { Description = "Files processed in parallel (default: one per core)." });

    /// <summary>Makes <paramref name="option"/> a usage error when it is given a number below 1.</summary>
    public static Option<T> AtLeastOne<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is int value && value < 1)
            {
                result.AddError($"{option.Name} must be at least 1, not {value}.");
            }
        });
        return option;
    }

    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format") { Description = $"Output format: {string.Join(", ", formats)}.", DefaultValueFactory = _ => formats[0] };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>Outputs from <c>--config</c>, plus any <c>--output</c> specs; stdout when neither names one.</summary>
    public static IotaConfig LoadOutputs(string? configPath, string[] specs)
    {
        if (configPath is not null && specs.Length > 0)
        {
            throw new IotaConfigException("use either --config or --output, not both");
        }

        return configPath is not null
            ? IotaConfig.Load(configPath)
            : IotaConfig.FromSpecs(specs.Length > 0 ? specs : ["stdout"]);
    }
}

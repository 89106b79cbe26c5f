using System.Globalization;
using System.Net;
using Iota.Pipeline;
using Microsoft.Extensions.Configuration;

namespace Iota.Cli.Serve;

/// <summary>
/// Everything <c>iota serve</c> is told, after layering the config file's <c>serve</c> section, <c>IOTA_*</c>
/// environment variables and flags (later wins). Keys are the flag names in snake_case: <c>--sqs-queue-url</c>
/// is <c>sqs_queue_url</c> in the file and <c>IOTA_SQS_QUEUE_URL</c> in the environment.
/// </summary>
internal sealed record ServeSettings
{
    public required ServeMode Mode { get; init; }
    public string? QueueUrl { get; init; }
    public string? Bucket { get; init; }
    public string Prefix { get; init; } = "";
    public string? SqsEndpointUrl { get; init; }
    public string? S3EndpointUrl { get; init; }
    public string? StsEndpointUrl { get; init; }
    public string? Region { get; init; }
    public required IReadOnlyList<string> RuleFolders { get; init; }
    public required string State { get; init; }
    public required IPEndPoint Listen { get; init; }
    public string? WatchDir { get; init; }
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);
    public int DownloadWorkers { get; init; } = 5;
    public int ProcessWorkers { get; init; } = Environment.ProcessorCount;
    public int MaxReceives { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan InactiveAfter { get; init; } = TimeSpan.FromHours(24);
    public required IotaConfig Outputs { get; init; }

    /// <summary>Reads and checks every setting; the exception names the key and the bad value.</summary>
    /// <exception cref="IotaConfigException">A setting is missing or malformed.</exception>
    public static ServeSettings From(IConfiguration config, IotaConfig outputs, IReadOnlyList<string> defaultRules)
    {
        var mode = ParseMode(Text(config, "mode") ?? throw new IotaConfigException("--mode is required: sqs, eventbridge, s3-poll or watch"));
        var settings = new ServeSettings
        {
            Mode = mode,
            QueueUrl = Text(config, "sqs_queue_url"),
            Bucket = Text(config, "s3_bucket"),
            Prefix = Text(config, "s3_prefix") ?? "",
            SqsEndpointUrl = Url(config, "sqs_endpoint_url") ?? Url(config, "endpoint_url"),
            S3EndpointUrl = Url(config, "s3_endpoint_url") ?? Url(config, "endpoint_url"),
            StsEndpointUrl = Url(config, "sts_endpoint_url") ?? Url(config, "endpoint_url"),
            Region = Text(config, "region"),
            RuleFolders = List(config, "rules") is { Count: > 0 } rules ? rules : defaultRules,
            State = Text(config, "state") ?? ".iota",
            Listen = Endpoint(Text(config, "listen") ?? "0.0.0.0:8080"),
            WatchDir = Text(config, "watch_dir"),
            PollInterval = Duration(config, "poll_interval") ?? TimeSpan.FromMinutes(1),
            DownloadWorkers = Count(config, "download_workers") ?? 5,
            ProcessWorkers = Count(config, "process_workers") ?? Environment.ProcessorCount,
            MaxReceives = Count(config, "max_receives") ?? 5,
            VisibilityTimeout = Duration(config, "visibility_timeout") ?? TimeSpan.FromSeconds(60),
            GracePeriod = Duration(config, "grace_period") ?? TimeSpan.FromSeconds(30),
            InactiveAfter = Duration(config, "inactive_after") ?? TimeSpan.FromHours(24),
            Outputs = outputs,
        };

        switch (mode)
        {
            case ServeMode.Sqs or ServeMode.EventBridge when settings.QueueUrl is null:
                throw new IotaConfigException($"--mode {ModeName(mode)} needs --sqs-queue-url (or IOTA_SQS_QUEUE_URL)");
            case ServeMode.S3Poll when settings.Bucket is null:
                throw new IotaConfigException("--mode s3-poll needs --s3-bucket (or IOTA_S3_BUCKET)");
            case ServeMode.Watch when settings.WatchDir is null:
                throw new IotaConfigException("--mode watch needs --watch-dir (or IOTA_WATCH_DIR)");
            case ServeMode.Watch when !Directory.Exists(settings.WatchDir):
                throw new IotaConfigException($"--watch-dir {settings.WatchDir}: no such folder");
        }

        return settings;
    }

    public static string ModeName(ServeMode mode) => mode switch
    {
        ServeMode.Sqs => "sqs",
        ServeMode.EventBridge => "eventbridge",
        ServeMode.S3Poll => "s3-poll",
        _ => "watch",
    };

    private static ServeMode ParseMode(string text) => text.ToLowerInvariant() switch
    {
        "sqs" => ServeMode.Sqs,
        "eventbridge" => ServeMode.EventBridge,
        "s3-poll" => ServeMode.S3Poll,
        "watch" => ServeMode.Watch,
        _ => throw new IotaConfigException($"mode '{text}' is not one of sqs, eventbridge, s3-poll, watch"),
    };

    private static string? Text(IConfiguration config, string key) =>
        config[key] is { Length: > 0 } value ? value.Trim() : null;

    private static string? Url(IConfiguration config, string key)
    {
        string? text = Text(config, key);
        if (text is not null && !Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            throw new IotaConfigException($"{key}: '{text}' is not an absolute URL such as http://127.0.0.1:4566");
        }

        return text;
    }

    // A list arrives as children (file arrays, repeated flags) or as one comma-separated value (environment).
    private static List<string> List(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var children = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (children.Count > 0)
        {
            return children;
        }

        return section.Value is { Length: > 0 } joined
            ? [.. joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [];
    }

    private static int? Count(IConfiguration config, string key)
    {
        string? text = Text(config, key);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new IotaConfigException($"{key}: '{text}' is not a positive whole number");
    }

    /// <summary>Durations read as <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
    internal static TimeSpan? Duration(IConfiguration config, string key)
    {
        string? text = Text(config, key);
        if (text is null)
        {
            return null;
        }

        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => ("", 0),
        };
        if (scale > 0 && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
        {
            return TimeSpan.FromSeconds(amount * scale);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new IotaConfigException($"{key}: '{text}' is not a duration such as 30s, 5m or 00:01:00");
    }

    private static IPEndPoint Endpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            && port <= IPEndPoint.MaxPort)
        {
            string host = text[..colon].Trim('[', ']');
            IPAddress? address = host switch
            {
                "*" or "0.0.0.0" => IPAddress.Any,
                "localhost" => IPAddress.Loopback,
                _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
            };
            if (address is not null)
            {
                return new IPEndPoint(address, port);
            }
        }

        throw new IotaConfigException($"listen: '{text}' is not HOST:PORT such as 0.0.0.0:8080 or 127.0.0.1:9090");
    }
}

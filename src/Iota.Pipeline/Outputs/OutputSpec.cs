namespace Iota.Pipeline.Outputs;

/// <summary>
/// A parsed output spec, as given to <c>--output</c> or in <c>iota.json</c>:
/// <list type="table">
/// <item><term><c>stdout</c></term><description>JSON lines on standard output.</description></item>
/// <item><term><c>file:PATH</c></term><description>JSON lines appended to PATH.</description></item>
/// <item><term><c>slack</c> or <c>slack:URL</c></term><description>A Slack incoming webhook; the URL comes from
/// <c>SLACK_WEBHOOK_URL</c> when not given.</description></item>
/// <item><term><c>webhook:URL</c></term><description>A JSON POST, signed when <c>IOTA_WEBHOOK_SECRET</c> is set.</description></item>
/// <item><term><c>pagerduty</c> or <c>pagerduty:URL</c></term><description>PagerDuty Events API v2 with the key from
/// <c>PAGERDUTY_ROUTING_KEY</c>; the URL overrides the endpoint (e.g. the EU service region).</description></item>
/// </list>
/// Secrets are resolved when parsing, so a missing variable fails at startup, not at the first alert; they are
/// kept out of <see cref="ToString"/> and every error message.
/// </summary>
public sealed class OutputSpec
{
    /// <summary>The variable holding the Slack webhook URL for a bare <c>slack</c> spec.</summary>
    public const string SlackWebhookUrlVariable = "SLACK_WEBHOOK_URL";

    /// <summary>The variable holding the webhook signing secret (optional).</summary>
    public const string WebhookSecretVariable = "IOTA_WEBHOOK_SECRET";

    /// <summary>The variable holding the PagerDuty routing key.</summary>
    public const string PagerDutyRoutingKeyVariable = "PAGERDUTY_ROUTING_KEY";

    private readonly string? _path;
    private readonly Uri? _url;
    private readonly string? _secret;

    private OutputSpec(OutputKind kind, string name, string display, string? path = null, Uri? url = null, string? secret = null)
    {
        Kind = kind;
        Name = name;
        Display = display;
        _path = path;
        _url = url;
        _secret = secret;
    }

    public OutputKind Kind { get; }

    /// <summary>The output's name, which outbox rows and routes use.</summary>
    public string Name { get; }

    /// <summary>The spec as written, with any secret (a Slack URL) replaced by <c>&lt;redacted&gt;</c>.</summary>
    public string Display { get; }

    /// <summary>The default name for an output of <paramref name="kind"/>.</summary>
    public static string DefaultName(OutputKind kind) => kind switch
    {
        OutputKind.Stdout => "stdout",
        OutputKind.File => "file",
        OutputKind.Slack => "slack",
        OutputKind.Webhook => "webhook",
        OutputKind.PagerDuty => "pagerduty",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Parses specs given on the command line, naming each by its kind and adding <c>-2</c>, <c>-3</c>… when a
    /// kind repeats (<c>webhook</c>, <c>webhook-2</c>).
    /// </summary>
    public static IReadOnlyList<OutputSpec> ParseAll(IEnumerable<string> specs, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var seen = new Dictionary<OutputKind, int>();
        var parsed = new List<OutputSpec>();
        foreach (var text in specs)
        {
            var spec = Parse(text, name: null, environment);
            var occurrence = seen[spec.Kind] = seen.GetValueOrDefault(spec.Kind) + 1;
            parsed.Add(occurrence == 1 ? spec : spec.WithName($"{spec.Name}-{occurrence}"));
        }

        return parsed;
    }

    /// <summary>Parses one spec; <paramref name="name"/> overrides the default name.</summary>
    /// <exception cref="IotaConfigException">The spec is malformed or a variable it needs is not set.</exception>
    public static OutputSpec Parse(string spec, string? name = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        environment ??= Environment.GetEnvironmentVariable;

        var text = spec.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kindText = colon < 0 ? text : text[..colon];
        var argument = colon < 0 ? null : text[(colon + 1)..];
        var kind = kindText.ToLowerInvariant() switch
        {
            "stdout" => OutputKind.Stdout,
            "file" => OutputKind.File,
            "slack" => OutputKind.Slack,
            "webhook" => OutputKind.Webhook,
            "pagerduty" => OutputKind.PagerDuty,
            _ => throw new IotaConfigException(
                // Only the kind is shown: the rest of a mistyped spec may be a secret URL.
                $"Output spec '{kindText}{(argument is null ? "" : ":…")}': unknown kind '{kindText}'. Use stdout, file:PATH, slack[:URL], webhook:URL or pagerduty[:URL]."),
        };
        // A Slack webhook URL is itself the secret, so only the kind is ever shown.
        var display = kind == OutputKind.Slack && argument is not null ? "slack:<redacted>" : text;
        name = string.IsNullOrWhiteSpace(name) ? DefaultName(kind) : name.Trim();

        switch (kind)
        {
            case OutputKind.Stdout:
                if (!string.IsNullOrEmpty(argument))
                {
                    throw new IotaConfigException($"Output '{display}': stdout takes no argument; write 'stdout'.");
                }

                return new(kind, name, display);

            case OutputKind.File:
                if (string.IsNullOrWhiteSpace(argument))
                {
                    throw new IotaConfigException($"Output '{display}': give the file to append to, as file:PATH.");
                }

                return new(kind, name, display, path: argument);

            case OutputKind.Slack:
                var slackUrl = argument ?? environment(SlackWebhookUrlVariable);
                if (string.IsNullOrWhiteSpace(slackUrl))
                {
                    throw new IotaConfigException(
                        $"Output '{display}': set {SlackWebhookUrlVariable} to the Slack incoming webhook URL, or write slack:URL.");
                }

                return new(kind, name, display, url: ParseUrl(slackUrl, display, what: "the Slack webhook URL"));

            case OutputKind.Webhook:
                if (string.IsNullOrWhiteSpace(argument))
                {
                    throw new IotaConfigException($"Output '{display}': give the URL to post to, as webhook:URL.");
                }

                return new(kind, name, display, url: ParseUrl(argument, display, what: "the URL"), secret: environment(WebhookSecretVariable));

            default:
                var routingKey = environment(PagerDutyRoutingKeyVariable);
                if (string.IsNullOrWhiteSpace(routingKey))
                {
                    throw new IotaConfigException(
                        $"Output '{display}': set {PagerDutyRoutingKeyVariable} to the PagerDuty integration's routing key.");
                }

                var endpoint = string.IsNullOrEmpty(argument) ? null : ParseUrl(argument, display, what: "the endpoint URL");
                return new(kind, name, display, url: endpoint, secret: routingKey);
        }
    }

    /// <summary>Builds the output. <paramref name="stdout"/> is where <c>stdout</c> writes (normally <see cref="Console.Out"/>).</summary>
    public IAlertOutput CreateOutput(HttpClient http, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(stdout);
        return Kind switch
        {
            OutputKind.Stdout => new StdoutOutput(stdout, Name),
            OutputKind.File => new FileOutput(_path!, Name),
            OutputKind.Slack => new SlackOutput(_url!, http, Name),
            OutputKind.Webhook => new WebhookOutput(_url!, http, _secret, Name),
            _ => new PagerDutyOutput(_secret!, http, _url, Name),
        };
    }

    /// <summary>The name and the redacted spec, e.g. <c>slack (slack:&lt;redacted&gt;)</c>.</summary>
    public override string ToString() => $"{Name} ({Display})";

    private OutputSpec WithName(string name) => new(Kind, name, Display, _path, _url, _secret);

    private static Uri ParseUrl(string text, string display, string what)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) &&
            (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url;
        }

        throw new IotaConfigException($"Output '{display}': {what} must be an absolute http(s) URL.");
    }
}

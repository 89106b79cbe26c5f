namespace Iota.Pipeline.Outputs;

/// <summary>The kinds of output an <see cref="OutputSpec"/> can name.</summary>
public enum OutputKind
{
    Stdout,
    File,
    Slack,
    Webhook,
    PagerDuty,
}

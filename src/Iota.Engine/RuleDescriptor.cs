using Iota.Sdk;

namespace Iota.Engine;

/// <summary>
/// What the engine knows about a loaded rule, whatever language it is written in. Everything downstream of
/// evaluation (alert store, outputs, <c>iota rules list</c>, <c>iota test</c>) works from this, never from a
/// language-specific rule object.
/// </summary>
public sealed record RuleDescriptor
{
    public required string Id { get; init; }
    public Severity Severity { get; init; } = Severity.Info;
    public IReadOnlyList<string> LogTypes { get; init; } = [];
    public IReadOnlyList<string> EventSources { get; init; } = [];
    public IReadOnlyList<string> EventNames { get; init; } = [];
    public int DedupPeriodMinutes { get; init; } = 60;
    public int Threshold { get; init; } = 1;
    public string Description { get; init; } = "";
    public string Runbook { get; init; } = "";
    public string Reference { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool Enabled { get; init; } = true;

    /// <summary>"csharp" or "python".</summary>
    public required string Language { get; init; }

    /// <summary>The file the rule came from (a .csx, a plugin .dll, a .py).</summary>
    public required string Source { get; init; }
}

using Iota.Sdk;

namespace Iota.Engine.Testing;

/// <summary>One test case for a rule: an event and what the rule should make of it.</summary>
public sealed record RuleTestCase
{
    public required string RuleId { get; init; }
    public required string Name { get; init; }
    public required bool Expected { get; init; }

    /// <summary>The event as UTF-8 JSON.</summary>
    public required ReadOnlyMemory<byte> EventUtf8 { get; init; }

    /// <summary>Exact expected title, when the case pins it.</summary>
    public string? Title { get; init; }

    /// <summary>Exact expected dedup string, when the case pins it.</summary>
    public string? Dedup { get; init; }

    /// <summary>Expected severity, when the case pins it.</summary>
    public Severity? Severity { get; init; }

    /// <summary>The file the case came from and the line it starts on.</summary>
    public required string SourceFile { get; init; }

    public int Line { get; init; }
}

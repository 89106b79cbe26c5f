using Iota.Sdk;

namespace Iota.Engine;

/// <summary>The outcome of one rule test case, whatever language the rule is written in.</summary>
public sealed record RuleTestResult
{
    public required string RuleId { get; init; }
    public required string TestName { get; init; }
    public required bool Expected { get; init; }
    public required bool Matched { get; init; }
    public required bool Passed { get; init; }

    /// <summary>Why the case failed beyond the match result (a rule exception, a title/dedup/severity mismatch).</summary>
    public string? Error { get; init; }
    public string? Title { get; init; }
    public string? Dedup { get; init; }
    public Severity? Severity { get; init; }
    public string? AlertContextJson { get; init; }
}

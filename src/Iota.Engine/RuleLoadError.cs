namespace Iota.Engine;

/// <summary>A rule file that could not be loaded; its rules are skipped, every other rule still loads.</summary>
/// <param name="Source">The file that failed (a .csx, a plugin .dll, a .py or .yml).</param>
/// <param name="Line">1-based line of the problem, when known.</param>
/// <param name="Column">1-based column of the problem, when known.</param>
/// <param name="Message">What is wrong and, where it helps, what to do.</param>
public sealed record RuleLoadError(string Source, int? Line, int? Column, string Message)
{
    /// <summary><c>file:line:column: message</c>, the shape editors and terminals link to.</summary>
    public override string ToString() =>
        Line is null ? $"{Source}: {Message}" : $"{Source}:{Line}:{Column ?? 1}: {Message}";
}

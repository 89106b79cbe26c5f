namespace Iota.Engine.Python;

/// <summary>
/// The outcome of one batch. Every event in the batch was either evaluated by every rule for its log type or has an
/// error saying why not; nothing is dropped silently.
/// </summary>
/// <param name="Matches">Matches in event order.</param>
/// <param name="Errors">Rule errors in event order.</param>
public sealed record PythonEvaluation(IReadOnlyList<PythonMatch> Matches, IReadOnlyList<PythonRuleError> Errors)
{
    /// <summary>The errors in the shape shared with the C# rule host.</summary>
    public IReadOnlyList<RuleError> RuleErrors => [.. Errors.Select(e => e.Error)];
}

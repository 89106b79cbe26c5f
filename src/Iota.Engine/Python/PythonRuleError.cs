namespace Iota.Engine.Python;

/// <summary>A rule error tied to the event of the batch it happened on.</summary>
/// <param name="EventIndex">Position of the event in the batch passed to <see cref="PythonRuleHost.EvaluateAsync"/>.</param>
/// <param name="Error">The rule and what went wrong.</param>
public sealed record PythonRuleError(int EventIndex, RuleError Error);

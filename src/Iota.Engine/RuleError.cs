namespace Iota.Engine;

/// <summary>A rule that threw while evaluating an event. The rule is isolated; other rules and events carry on.</summary>
/// <param name="RuleId">The rule that failed.</param>
/// <param name="Message">What went wrong, as the rule's runtime reported it.</param>
public sealed record RuleError(string RuleId, string Message);

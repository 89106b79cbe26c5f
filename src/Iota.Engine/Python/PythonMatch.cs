using Iota.Sdk;

namespace Iota.Engine.Python;

/// <summary>One Python rule matching one event of a batch.</summary>
/// <param name="EventIndex">Position of the event in the batch passed to <see cref="PythonRuleHost.EvaluateAsync"/>.</param>
/// <param name="RuleId">The rule that matched.</param>
/// <param name="Title">The alert title, at most 1,000 characters.</param>
/// <param name="Dedup">The dedup string, at most 1,000 characters.</param>
/// <param name="Severity">The severity for this event, after <c>severity()</c> and <c>DEFAULT</c> are applied.</param>
/// <param name="AlertContextJson">The alert context as a JSON object, or null when the rule defines none.</param>
public sealed record PythonMatch(
    int EventIndex,
    string RuleId,
    string Title,
    string Dedup,
    Severity Severity,
    string? AlertContextJson)
{
    /// <summary>What the rule's <c>description()</c> returned for this event, if it defines one.</summary>
    public string? Description { get; init; }

    /// <summary>What the rule's <c>runbook()</c> returned for this event, if it defines one.</summary>
    public string? Runbook { get; init; }

    /// <summary>What the rule's <c>reference()</c> returned for this event, if it defines one.</summary>
    public string? Reference { get; init; }

    /// <summary>Destination names the rule's <c>destinations()</c> chose; empty when it defines none.</summary>
    public IReadOnlyList<string> Destinations { get; init; } = [];
}

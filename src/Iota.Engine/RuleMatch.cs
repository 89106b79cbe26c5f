using Iota.Sdk;

namespace Iota.Engine;

/// <summary>One rule matching one event, with the per-event outputs the rule computed.</summary>
/// <param name="Rule">The rule that matched.</param>
/// <param name="Title">The alert title (defaults to the rule id).</param>
/// <param name="Dedup">The dedup string (defaults to the title).</param>
/// <param name="Severity">The severity for this event (the rule's, unless it overrides per event).</param>
/// <param name="AlertContextJson">The rule's alert context as a JSON object, or null.</param>
/// <param name="EventUtf8">A copy of the matched event's original bytes.</param>
/// <param name="EventTime">The event's own time, when it has one.</param>
/// <param name="LogType">The event's log type, e.g. <c>AWS.CloudTrail</c>.</param>
public sealed record RuleMatch(
    RuleDescriptor Rule,
    string Title,
    string Dedup,
    Severity Severity,
    string? AlertContextJson,
    ReadOnlyMemory<byte> EventUtf8,
    DateTimeOffset? EventTime,
    string LogType);

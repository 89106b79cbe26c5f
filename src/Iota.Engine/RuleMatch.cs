using Iota.Sdk;

namespace Iota.Engine;

/// <summary>One rule matching one event, with the per-event outputs the rule computed.</summary>
/// <remarks>
/// A match made with deferred details (<see cref="RuleSet.Evaluate(Event, string, List{RuleMatch}, RuleErrorLog, bool)"/>)
/// computes its alert context and copies its event only when first asked: a busy threshold rule matches thousands of
/// events of which few open an alert, and the rest need only their title and dedup string. Such a match reads its
/// event in place, so its owner calls <see cref="ReleaseEvent"/> before the event's buffer is reused.
/// </remarks>
public sealed class RuleMatch
{
    private Func<(string? Context, ReadOnlyMemory<byte> Event)>? _details;
    private string? _alertContextJson;
    private ReadOnlyMemory<byte> _eventUtf8;

    /// <summary>Creates a match with all its outputs.</summary>
    /// <param name="Rule">The rule that matched.</param>
    /// <param name="Title">The alert title (defaults to the rule id).</param>
    /// <param name="Dedup">The dedup string (defaults to the title).</param>
    /// <param name="Severity">The severity for this event (the rule's, unless it overrides per event).</param>
    /// <param name="AlertContextJson">The rule's alert context as a JSON object, or null.</param>
    /// <param name="EventUtf8">A copy of the matched event's original bytes.</param>
    /// <param name="EventTime">The event's own time, when it has one.</param>
    /// <param name="LogType">The event's log type, e.g. <c>AWS.CloudTrail</c>.</param>
    /// <remarks>The parameters are named like the properties they set, so callers can name them as before.</remarks>
    public RuleMatch(RuleDescriptor Rule, string Title, string Dedup, Severity Severity, string? AlertContextJson,
        ReadOnlyMemory<byte> EventUtf8, DateTimeOffset? EventTime, string LogType)
        : this(Rule, Title, Dedup, Severity, EventTime, LogType)
    {
        _alertContextJson = AlertContextJson;
        _eventUtf8 = EventUtf8;
        HasDetails = true;
    }

    internal RuleMatch(RuleDescriptor rule, string title, string dedup, Severity severity, DateTimeOffset? eventTime, string logType,
        Func<(string? Context, ReadOnlyMemory<byte> Event)> details)
        : this(rule, title, dedup, severity, eventTime, logType)
    {
        _details = details;
    }

    private RuleMatch(RuleDescriptor rule, string title, string dedup, Severity severity, DateTimeOffset? eventTime, string logType)
    {
        Rule = rule;
        Title = title;
        Dedup = dedup;
        Severity = severity;
        EventTime = eventTime;
        LogType = logType;
    }

    /// <summary>The rule that matched.</summary>
    public RuleDescriptor Rule { get; }

    /// <summary>The alert title (defaults to the rule id).</summary>
    public string Title { get; }

    /// <summary>The dedup string (defaults to the title).</summary>
    public string Dedup { get; }

    /// <summary>The severity for this event (the rule's, unless it overrides per event).</summary>
    public Severity Severity { get; }

    /// <summary>The event's own time, when it has one.</summary>
    public DateTimeOffset? EventTime { get; }

    /// <summary>The event's log type, e.g. <c>AWS.CloudTrail</c>.</summary>
    public string LogType { get; }

    /// <summary>
    /// False only for a deferred match whose event was released before its details were asked for; reading
    /// <see cref="AlertContextJson"/> or <see cref="EventUtf8"/> then throws.
    /// </summary>
    public bool HasDetails { get; private set; }

    /// <summary>The rule's alert context as a JSON object, or null.</summary>
    /// <exception cref="InvalidOperationException">The match's event was released before its details were computed.</exception>
    public string? AlertContextJson
    {
        get
        {
            EnsureDetails();
            return _alertContextJson;
        }
    }

    /// <summary>A copy of the matched event's original bytes.</summary>
    /// <exception cref="InvalidOperationException">The match's event was released before its details were computed.</exception>
    public ReadOnlyMemory<byte> EventUtf8
    {
        get
        {
            EnsureDetails();
            return _eventUtf8;
        }
    }

    /// <summary>
    /// Ends a deferred match's hold on its event, whose buffer is about to be reused. Details computed so far are
    /// kept; the others can no longer be. Does nothing for a match made with all its outputs.
    /// </summary>
    public void ReleaseEvent() => _details = null;

    private void EnsureDetails()
    {
        if (HasDetails)
        {
            return;
        }

        Func<(string?, ReadOnlyMemory<byte>)> details = _details ?? throw new InvalidOperationException(
            $"the alert context and event of this {Rule.Id} match were not kept: it opened no alert and its event buffer was reused");
        (_alertContextJson, _eventUtf8) = details();
        _details = null;
        HasDetails = true;
    }
}

using System.Text;
using Iota.Engine;
using Iota.Sdk;

namespace Iota.Pipeline;

/// <summary>
/// An alert as the alert store keeps it and outputs deliver it: one per rule id + dedup string per dedup
/// window. <see cref="Count"/> grows while matches fall inside the window.
/// </summary>
public sealed record Alert
{
    public required string AlertId { get; init; }
    public required string RuleId { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required string Dedup { get; init; }
    public required string LogType { get; init; }
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>The rule's alert context as a JSON object text, or null.</summary>
    public string? AlertContextJson { get; init; }

    /// <summary>The first matching event, as its original JSON text.</summary>
    public required string EventJson { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }
    public required DateTimeOffset LastSeen { get; init; }
    public long Count { get; init; } = 1;
    public int DedupPeriodMinutes { get; init; } = 60;

    /// <summary>Rule metadata outputs may route on.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string Description { get; init; } = "";
    public string Runbook { get; init; } = "";

    /// <summary>
    /// The alert a match opens: the match's title, dedup, event and alert context with its rule's metadata, under
    /// the id and seen-window the caller assigns (the alert store's dedup window, or the match itself when printing
    /// matches without a store).
    /// </summary>
    public static Alert FromMatch(RuleMatch match, string alertId, DateTimeOffset firstSeen, DateTimeOffset lastSeen, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(match);
        RuleDescriptor rule = match.Rule;
        return new Alert
        {
            AlertId = alertId,
            RuleId = rule.Id,
            Title = match.Title,
            Severity = match.Severity,
            Dedup = match.Dedup,
            LogType = match.LogType,
            EventTime = match.EventTime,
            AlertContextJson = match.AlertContextJson,
            EventJson = Encoding.UTF8.GetString(match.EventUtf8.Span),
            FirstSeen = firstSeen,
            LastSeen = lastSeen,
            Count = count,
            DedupPeriodMinutes = rule.DedupPeriodMinutes,
            Tags = rule.Tags,
            Description = rule.Description,
            Runbook = rule.Runbook,
        };
    }
}

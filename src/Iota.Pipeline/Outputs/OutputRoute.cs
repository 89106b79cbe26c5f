using Iota.Sdk;

namespace Iota.Pipeline.Outputs;

/// <summary>
/// Which alerts one output receives: a minimum severity, and optionally only some rule ids or rules carrying
/// some tags. Empty lists mean "any"; when both lists are given an alert passes if it matches either.
/// </summary>
/// <param name="OutputName">The output this route feeds.</param>
/// <param name="MinimumSeverity">Alerts below this severity are not sent to the output.</param>
/// <param name="RuleIds">Rule ids to send (case-insensitive); empty for all rules.</param>
/// <param name="Tags">Rule tags to send (case-insensitive); empty for all tags.</param>
public sealed record OutputRoute(
    string OutputName,
    Severity MinimumSeverity = Severity.Info,
    IReadOnlyList<string>? RuleIds = null,
    IReadOnlyList<string>? Tags = null)
{
    /// <summary>A route that sends every alert to <paramref name="outputName"/>.</summary>
    public static OutputRoute All(string outputName) => new(outputName);

    /// <summary>True when an alert from rule <paramref name="ruleId"/> with these tags and severity belongs on this output.</summary>
    public bool Accepts(string ruleId, Severity severity, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (severity < MinimumSeverity)
        {
            return false;
        }

        var hasRuleFilter = RuleIds is { Count: > 0 };
        var hasTagFilter = Tags is { Count: > 0 };
        if (!hasRuleFilter && !hasTagFilter)
        {
            return true;
        }

        var ruleMatches = hasRuleFilter && RuleIds!.Contains(ruleId, StringComparer.OrdinalIgnoreCase);
        var tagMatches = hasTagFilter && tags.Any(tag => Tags!.Contains(tag, StringComparer.OrdinalIgnoreCase));
        return ruleMatches || tagMatches;
    }

    /// <summary>True when <paramref name="alert"/> belongs on this output.</summary>
    public bool Accepts(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Accepts(alert.RuleId, alert.Severity, alert.Tags);
    }
}

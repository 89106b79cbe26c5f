using Iota.Sdk;

namespace Iota.Engine.Tests.Support;

internal static class Events
{
    public static Event CloudTrail(string eventName, string eventSource = "signin.amazonaws.com", string extra = "") =>
        Event.Parse($$"""{"eventName":"{{eventName}}","eventSource":"{{eventSource}}","eventTime":"2026-11-03T09:58:41Z","eventID":"{{Guid.NewGuid()}}"{{extra}}}""");

    /// <summary>Runs <paramref name="e"/> through <paramref name="rules"/> and returns the matches.</summary>
    public static List<RuleMatch> Evaluate(RuleSet rules, Event e, RuleErrorLog? errors = null, string logType = Rule.CloudTrail)
    {
        var matches = new List<RuleMatch>();
        rules.Evaluate(e, logType, matches, errors ?? new RuleErrorLog());
        return matches;
    }
}

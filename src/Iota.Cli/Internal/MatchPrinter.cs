using Iota.Engine;
using Iota.Pipeline;
using Iota.Pipeline.Outputs;

namespace Iota.Cli.Internal;

/// <summary>Prints rule matches (<c>--matches</c>) in the alert JSON shape, one line per rule and event.</summary>
internal static class MatchPrinter
{
    private static readonly Lock Gate = new();

    public static void Print(TextWriter stdout, IReadOnlyList<RuleMatch> matches)
    {
        if (matches.Count == 0)
        {
            return;
        }

        lock (Gate)
        {
            foreach (RuleMatch match in matches)
            {
                stdout.WriteLine(AlertJson.Serialize(ToAlert(match)));
            }
        }
    }

    public static Alert ToAlert(RuleMatch match)
    {
        DateTimeOffset seen = match.EventTime ?? DateTimeOffset.UtcNow;
        return Alert.FromMatch(match, Guid.CreateVersion7().ToString("N"), seen, seen);
    }
}

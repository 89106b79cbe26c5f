using Iota.Engine;

namespace Iota.Cli.Internal;

internal static class RuleReporting
{
    /// <summary>Prints each rule load error as <c>file:line:column: message</c>; returns how many.</summary>
    public static int ReportLoadErrors(RuleSet rules)
    {
        foreach (RuleLoadError error in rules.LoadErrors)
        {
            Stderr.Line($"rule load error: {error}");
        }

        return rules.LoadErrors.Count;
    }
}

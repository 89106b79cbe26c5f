using Iota.Engine;
using Iota.Engine.Python;

namespace Iota.Cli.Internal;

/// <summary>Starts the Python worker pool when the rule folders hold Python rules.</summary>
internal static class PythonRules
{
    /// <summary>
    /// A started host for <paramref name="rules"/>'s Python folders, or null when there are none. Caching state
    /// lives in the state directory when there is one (so it survives restarts), else in a temporary file the host
    /// deletes when it is disposed.
    /// </summary>
    public static async Task<PythonRuleHost?> StartAsync(RuleSet rules, string? stateDirectory, CancellationToken cancel, int? workers = null)
    {
        if (rules.PythonRoots.Count == 0)
        {
            return null;
        }

        string? cache = stateDirectory is null ? null : Path.Combine(Directory.CreateDirectory(stateDirectory).FullName, "python-cache.db");
        PythonRuleHost host = await PythonRuleHost.StartAsync(new PythonRuleHostOptions
        {
            RuleDirectories = rules.PythonRoots,
            CacheDatabasePath = cache,
            WorkerCount = Math.Max(1, workers ?? Environment.ProcessorCount),
            WorkerOutput = line => Stderr.Line($"python: {line}"),
        }, cancel).ConfigureAwait(false);
        foreach (RuleLoadError error in host.LoadErrors)
        {
            Stderr.Line($"rule load error: {error}");
        }

        return host;
    }
}

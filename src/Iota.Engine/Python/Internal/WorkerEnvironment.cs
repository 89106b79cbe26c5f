namespace Iota.Engine.Python.Internal;

/// <summary>
/// The environment a worker starts with, built from nothing rather than inherited: rules are third-party code, and
/// the engine's own environment holds AWS credentials and output secrets (webhook keys, routing keys) they must not see.
/// </summary>
internal static class WorkerEnvironment
{
    private const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    public static IReadOnlyDictionary<string, string> Build(string workerDirectory, IEnumerable<string> ruleDirectories)
    {
        var pythonPath = new List<string> { workerDirectory, Path.Combine(workerDirectory, "compat") };
        foreach (var ruleDirectory in ruleDirectories)
        {
            foreach (var helperName in (string[])["helpers", "global_helpers"])
            {
                var helpers = Path.Combine(Path.GetFullPath(ruleDirectory), helperName);
                if (Directory.Exists(helpers))
                {
                    pythonPath.Add(helpers);
                }
            }
        }

        return new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } path ? path : DefaultPath,
            // Not the user's home: ~/.aws and similar credential files stay out of the default lookup paths.
            ["HOME"] = Path.GetTempPath(),
            ["LANG"] = "C.UTF-8",
            ["PYTHONHASHSEED"] = "0",
            ["PYTHONPATH"] = string.Join(Path.PathSeparator, pythonPath),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
            ["PYTHONIOENCODING"] = "utf-8",
        };
    }
}

using System.Diagnostics;

namespace Iota.Throughput;

/// <summary>
/// Whether the CLI runs Python rules: one corpus file through <c>iota run --matches</c> with the Python rule set
/// must produce at least one match (every file holds risky events those rules catch).
/// </summary>
internal static class PythonSupport
{
    /// <summary>Null when Python rules run; else the reason (c) is skipped.</summary>
    public static string? WhyNot(string cliDll, string pythonRules, string sampleFile, TextWriter log)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[cliDll, "run", sampleFile, "--rules", pythonRules, "--matches"])
        {
            start.ArgumentList.Add(arg);
        }

        using Process probe = Process.Start(start)!;
        Task<string> stderr = probe.StandardError.ReadToEndAsync();
        int matches = 0;
        while (probe.StandardOutput.ReadLine() is not null)
        {
            matches++;
        }

        probe.WaitForExit();
        string errors = stderr.Result.Trim();
        if (probe.ExitCode == 0 && matches > 0)
        {
            log.WriteLine($"python: the CLI runs Python rules ({matches} matches in {Path.GetFileName(sampleFile)})");
            return null;
        }

        // A Python traceback's first line says only that one follows; its last lines name the exception and where.
        string[] lines = [.. errors.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("files ", StringComparison.Ordinal))];
        string shown = string.Join(" | ", lines.Length <= 4 ? lines : [lines[0], "...", .. lines[^3..]]);
        return $"'iota run --rules {pythonRules}' produced no Python matches on {sampleFile} (exit {probe.ExitCode})" +
            (shown.Length > 0 ? $": {shown}" : " and printed nothing on stderr");
    }
}

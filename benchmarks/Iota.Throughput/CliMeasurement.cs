using System.Globalization;
using System.Text.RegularExpressions;

namespace Iota.Throughput;

/// <summary>
/// Runs the real <c>iota run</c> (a Release build, as a child process) over the corpus with a fresh state folder,
/// so the bloom filter and the alert store do their real work, and measures its wall time and peak memory.
/// Alerts go to stdout as JSON lines and are counted; the run's own summary line on stderr gives the rest.
/// </summary>
internal static partial class CliMeasurement
{
    public static Measurement Run(string name, string description, string cliDll, string corpusFolder, IReadOnlyList<string> ruleFolders,
        int? workers, long uncompressedBytes, TextWriter log)
    {
        string state = Directory.CreateTempSubdirectory("iota-throughput-state-").FullName;
        try
        {
            var arguments = new List<string> { cliDll, "run", Path.Combine(corpusFolder, "AWSLogs"), "--state", state };
            foreach (string folder in ruleFolders)
            {
                arguments.AddRange(["--rules", folder]);
            }

            if (workers is int w)
            {
                arguments.AddRange(["--workers", w.ToString(CultureInfo.InvariantCulture)]);
            }

            ChildResult run = ChildProcess.Run(name, arguments, log);
            string summary = run.Stderr.LastOrDefault(l => l.StartsWith("files ", StringComparison.Ordinal)) ?? "";
            foreach (string line in run.Stderr.Where(l => !ReferenceEquals(l, summary)).Take(20))
            {
                log.WriteLine($"{name}: iota: {line}");
            }

            Match m = SummaryLine().Match(summary);
            if (run.ExitCode != 0 || !m.Success)
            {
                log.WriteLine($"{name}: iota exited with {run.ExitCode}; summary: {(summary.Length == 0 ? "(none)" : summary)}");
            }

            return new Measurement
            {
                Name = name,
                Description = description,
                Seconds = run.Elapsed.TotalSeconds,
                CpuSeconds = run.CpuSeconds,
                UncompressedBytes = uncompressedBytes,
                Events = m.Success ? Number(m, "events") : 0,
                Matches = m.Success ? Number(m, "matches") : null,
                Alerts = run.StdoutLines,
                RuleErrors = m.Success ? Number(m, "ruleErrors") : null,
                PeakRssBytes = run.PeakRssBytes,
                PeakTreeRssBytes = run.PeakTreeRssBytes,
                ExitCode = run.ExitCode,
                Summary = summary,
            };
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static long Number(Match m, string group) => long.Parse(m.Groups[group].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"events (?<events>[\d,]+) .*matches (?<matches>[\d,]+), alerts (?<alerts>[\d,]+), .*rule errors (?<ruleErrors>[\d,]+)")]
    private static partial Regex SummaryLine();
}

using System.Diagnostics;
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
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in (string[])[cliDll, "run", Path.Combine(corpusFolder, "AWSLogs"), "--state", state])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (string folder in ruleFolders)
            {
                start.ArgumentList.Add("--rules");
                start.ArgumentList.Add(folder);
            }

            if (workers is int w)
            {
                start.ArgumentList.Add("--workers");
                start.ArgumentList.Add(w.ToString(CultureInfo.InvariantCulture));
            }

            log.WriteLine($"{name}: dotnet {string.Join(' ', start.ArgumentList)}");
            long started = Stopwatch.GetTimestamp();
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
            using var memory = new ProcessUsage(process.Id, TimeSpan.FromMilliseconds(20));
            long alertLines = 0;
            var stderr = new List<string>();
            Task readOut = Task.Run(() =>
            {
                while (process.StandardOutput.ReadLine() is not null)
                {
                    alertLines++;
                }
            });
            Task readErr = Task.Run(() =>
            {
                while (process.StandardError.ReadLine() is string line)
                {
                    lock (stderr)
                    {
                        stderr.Add(line);
                    }
                }
            });
            Task.WaitAll(readOut, readErr);
            memory.Sample();
            process.WaitForExit();
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);

            string summary = stderr.LastOrDefault(l => l.StartsWith("files ", StringComparison.Ordinal)) ?? "";
            foreach (string line in stderr.Where(l => !ReferenceEquals(l, summary)).Take(20))
            {
                log.WriteLine($"{name}: iota: {line}");
            }

            Match m = SummaryLine().Match(summary);
            if (process.ExitCode != 0 || !m.Success)
            {
                log.WriteLine($"{name}: iota exited with {process.ExitCode}; summary: {(summary.Length == 0 ? "(none)" : summary)}");
            }

            return new Measurement
            {
                Name = name,
                Description = description,
                Seconds = elapsed.TotalSeconds,
                CpuSeconds = memory.CpuSeconds,
                UncompressedBytes = uncompressedBytes,
                Events = m.Success ? Number(m, "events") : 0,
                Matches = m.Success ? Number(m, "matches") : null,
                Alerts = alertLines,
                RuleErrors = m.Success ? Number(m, "ruleErrors") : null,
                PeakRssBytes = memory.PeakRssBytes,
                PeakTreeRssBytes = memory.PeakTreeRssBytes,
                ExitCode = process.ExitCode,
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

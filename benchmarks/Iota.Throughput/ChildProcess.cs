using System.Diagnostics;

namespace Iota.Throughput;

/// <summary>
/// Runs <c>dotnet</c> with the given arguments as a child process, timed from start to exit as a user sees it, with
/// its CPU time and peak memory sampled from /proc (<see cref="ProcessUsage"/>). The floor and the pipelines are all
/// measured this way, so each pays what any run of a program pays: process and runtime start, JIT, exit.
/// </summary>
internal static class ChildProcess
{
    public static ChildResult Run(string label, IEnumerable<string> arguments, TextWriter log)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        log.WriteLine($"{label}: dotnet {string.Join(' ', start.ArgumentList)}");
        long started = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        using var usage = new ProcessUsage(process.Id, TimeSpan.FromMilliseconds(20));
        long stdoutLines = 0;
        string? lastStdoutLine = null;
        var stderr = new List<string>();
        // The readers block for the whole run, so they get threads of their own: on the pool they would hold its
        // threads (one per core) and starve the sampler's timer until the pool grows, half a second or more later.
        Task readOut = Task.Factory.StartNew(() =>
        {
            while (process.StandardOutput.ReadLine() is string line)
            {
                stdoutLines++;
                lastStdoutLine = line;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task readErr = Task.Factory.StartNew(() =>
        {
            while (process.StandardError.ReadLine() is string line)
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task.WaitAll(readOut, readErr);
        usage.Sample();
        process.WaitForExit();
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        return new ChildResult(elapsed, usage.CpuSeconds, usage.PeakRssBytes, usage.PeakTreeRssBytes, process.ExitCode, stdoutLines, lastStdoutLine, stderr);
    }
}

/// <summary>What a child process did: its times, its peak memory, its exit code and what it printed.</summary>
internal sealed record ChildResult(
    TimeSpan Elapsed,
    double CpuSeconds,
    long PeakRssBytes,
    long PeakTreeRssBytes,
    int ExitCode,
    long StdoutLines,
    string? LastStdoutLine,
    IReadOnlyList<string> Stderr);

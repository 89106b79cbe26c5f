using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Iota.Throughput;

/// <summary>
/// The floor: the least work any pipeline must do on these files. Every file is decompressed and every byte of
/// it tokenized with <see cref="Utf8JsonReader"/>, files spread over all cores, nothing kept and no rules.
/// </summary>
internal static class FloorMeasurement
{
    public const string CommandName = "floor";

    /// <summary>
    /// The floor measured the way <c>iota run</c> is: this harness started as a fresh process (its hidden
    /// <see cref="CommandName"/> command) under the measured CLI's own runtime configuration (<c>dotnet exec
    /// --runtimeconfig</c>: the same tiering, PGO and GC settings), timed from start to exit.
    /// </summary>
    public static Measurement RunAsProcess(string cliDll, string corpusFolder, int workers, long corpusEvents, TextWriter log)
    {
        ChildResult run = ChildProcess.Run(
            "floor",
            ["exec", "--runtimeconfig", Path.ChangeExtension(cliDll, ".runtimeconfig.json"), typeof(FloorMeasurement).Assembly.Location,
                CommandName, corpusFolder, "--workers", workers.ToString(CultureInfo.InvariantCulture)],
            log);
        string[] counts = run.LastStdoutLine?.Split(' ') ?? [];
        bool counted = counts.Length == 2;
        if (run.ExitCode != 0 || !counted)
        {
            log.WriteLine($"floor: exited with {run.ExitCode}; {string.Join(" / ", run.Stderr.Take(20))}");
        }

        return new Measurement
        {
            Name = "floor",
            Description = "gunzip + Utf8JsonReader over every byte, files over all cores: a fresh process under the CLI's runtime configuration",
            Seconds = run.Elapsed.TotalSeconds,
            CpuSeconds = run.CpuSeconds,
            UncompressedBytes = counted ? long.Parse(counts[0], CultureInfo.InvariantCulture) : 0,
            Events = corpusEvents,
            Tokens = counted ? long.Parse(counts[1], CultureInfo.InvariantCulture) : 0,
            PeakRssBytes = run.PeakRssBytes,
            ExitCode = run.ExitCode == 0 && !counted ? 1 : run.ExitCode,
        };
    }

    /// <summary>The child's side of <see cref="RunAsProcess"/>: does the floor's work and prints its byte and token counts.</summary>
    public static int RunChild(string corpusFolder, int workers)
    {
        (long bytes, long tokens) = Work(CorpusCache.LogFiles(corpusFolder), workers);
        Console.WriteLine(FormattableString.Invariant($"{bytes} {tokens}"));
        return 0;
    }

    /// <summary>The floor's work in this process, timed on its own: no process or runtime start, and warm after the first round.</summary>
    public static Measurement Run(IReadOnlyList<string> files, int workers, long corpusEvents)
    {
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        (long bytes, long tokens) = Work(files, workers);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        return new Measurement
        {
            Name = "floor_in_process",
            Description = "gunzip + Utf8JsonReader over every byte, files over all cores, in the harness's process",
            Seconds = elapsed.TotalSeconds,
            CpuSeconds = (self.TotalProcessorTime - cpuBefore).TotalSeconds,
            UncompressedBytes = bytes,
            Events = corpusEvents,
            Tokens = tokens,
        };
    }

    /// <summary>The floor's work: every file decompressed and tokenized, files over <paramref name="workers"/> threads.</summary>
    private static (long Bytes, long Tokens) Work(IReadOnlyList<string> files, int workers)
    {
        long bytes = 0, tokens = 0;
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => new byte[1 << 20],
            (path, _, buffer) =>
            {
                int length = Decompress(path, ref buffer);
                Interlocked.Add(ref bytes, length);
                Interlocked.Add(ref tokens, Tokenize(buffer.AsSpan(0, length)));
                return buffer;
            },
            _ => { });
        return (bytes, tokens);
    }

    private static int Decompress(string path, ref byte[] buffer)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = gzip.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }

    private static long Tokenize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        long count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }
}

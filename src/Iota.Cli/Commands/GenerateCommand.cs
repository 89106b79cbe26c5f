using System.CommandLine;
using System.Diagnostics;
using Iota.Cli.Internal;
using Iota.Engine;
using Iota.Pipeline.Generation;

namespace Iota.Cli.Commands;

/// <summary><c>iota generate cloudtrail OUT_DIR --files N --events-per-file M [--seed S]</c></summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var outDir = new Argument<string>("OUT_DIR") { Description = "Folder to write the corpus into (files go under AWSLogs/)." };
        var files = new Option<int>("--files") { Description = "Number of .json.gz log files.", DefaultValueFactory = _ => 10 };
        var eventsPerFile = new Option<int>("--events-per-file") { Description = "CloudTrail records per file.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed writes byte-identical files.", DefaultValueFactory = _ => 1 };
        var cloudTrail = new Command("cloudtrail", "Write a synthetic CloudTrail corpus: a busy account's reads and data events with a thin tail of risky management events.")
        {
            outDir, files, eventsPerFile, seed,
        };
        cloudTrail.SetAction(parse => Generate(
            parse.GetValue(outDir)!, parse.GetValue(files), parse.GetValue(eventsPerFile), parse.GetValue(seed),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return new Command("generate", "Generate synthetic logs for throughput runs and demos.") { cloudTrail };
    }

    private static int Generate(string outDir, int files, int eventsPerFile, int seed, TextWriter output, TextWriter error)
    {
        if (files < 0 || eventsPerFile < 1)
        {
            error.WriteLine("iota: --files must be at least 0 and --events-per-file at least 1");
            return ExitCodes.Usage;
        }

        var clock = Stopwatch.StartNew();
        CorpusSummary summary;
        try
        {
            summary = CloudTrailCorpusGenerator.Generate(outDir, files, eventsPerFile, seed,
                new FileProgress(files));
        }
        catch (Exception ex) when (WriteProblem(ex) is Exception problem)
        {
            Stderr.ClearStatus();
            error.WriteLine($"{outDir}: cannot write the corpus: {problem.Message}");
            return ExitCodes.InputFailed;
        }

        Stderr.ClearStatus();
        output.WriteLine(
            $"files {summary.Files}, events {summary.Events:N0} ({summary.RiskyEvents:N0} risky), " +
            $"{summary.UncompressedBytes / 1e6:N1} MB JSON ({(summary.Events == 0 ? 0 : summary.UncompressedBytes / summary.Events):N0} bytes/record), " +
            $"{summary.CompressedBytes / 1e6:N1} MB gzip, in {clock.Elapsed.TotalSeconds:N2}s → {Path.GetFullPath(outDir)}");
        return ExitCodes.Ok;
    }

    /// <summary>The file system error behind <paramref name="ex"/> (files are written in parallel, so it may come wrapped).</summary>
    private static Exception? WriteProblem(Exception ex) => ex switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.FirstOrDefault(FileSystemFailure.Is),
        _ when FileSystemFailure.Is(ex) => ex,
        _ => null,
    };

    /// <summary>Reports on the calling worker thread, so no status line can land after the summary.</summary>
    private sealed class FileProgress(int total) : IProgress<int>
    {
        public void Report(int value) => Stderr.Status($"files {value}/{total}");
    }
}

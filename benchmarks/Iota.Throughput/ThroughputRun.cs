using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Iota.Throughput;

/// <summary>One harness run: corpus, CLI build, the three measurements, the report.</summary>
internal static class ThroughputRun
{
    private const string PipelineDescription = "iota run: bundled rules, bloom filter (10M) and alert store on (--state in a temp folder), lake off";
    private const string PythonDescription = "iota run: the Python rule set in benchmarks/Iota.Throughput/python-rules through the worker pool, bloom and alert store on";

    public static int Execute(ThroughputSettings settings)
    {
        TextWriter log = Console.Error;
        string repo = RepositoryRoot();
        int files = Math.Max(1, (int)Math.Ceiling(settings.Events / (double)settings.EventsPerFile));
        var (corpus, summary) = CorpusCache.GetOrCreate(settings.Cache ?? Path.Combine(repo, "artifacts", "corpus"), files, settings.EventsPerFile, settings.Seed, log);
        string[] logFiles = CorpusCache.LogFiles(corpus);
        log.WriteLine($"corpus: {summary.Files} files, {summary.Events:N0} events, {summary.UncompressedBytes / 1e6:N1} MB JSON, {summary.CompressedBytes / 1e6:N1} MB gzip");

        string cliDll = settings.Cli ?? BuildCli(repo, log);
        string bundledRules = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cliDll))!, "rules");
        string pythonRules = Path.Combine(AppContext.BaseDirectory, "python-rules");
        int workers = settings.Workers ?? Environment.ProcessorCount;

        WarmRuleCache(cliDll, log);
        string? pythonSkip = settings.SkipPython ? "--skip-python was given" : PythonSupport.WhyNot(cliDll, pythonRules, logFiles[0], log);
        Measurement? floor = null, floorInProcess = null, pipeline = null, python = null;
        for (int round = 1; round <= settings.Repeat; round++)
        {
            log.WriteLine($"round {round}/{settings.Repeat}");
            floor = Best(floor, FloorMeasurement.RunAsProcess(cliDll, corpus, workers, summary.Events, log));
            log.WriteLine($"  (a) {Line(floor)}");
            floorInProcess = Best(floorInProcess, FloorMeasurement.Run(logFiles, workers, summary.Events));
            log.WriteLine($"  (a, in process) {Line(floorInProcess)}");
            pipeline = Best(pipeline, CliMeasurement.Run("pipeline", PipelineDescription, cliDll, corpus, [], settings.Workers, summary.UncompressedBytes, log));
            log.WriteLine($"  (b) {Line(pipeline)}");
        }

        python = pythonSkip is not null
            ? Measurement.Skip("python", PythonDescription, pythonSkip)
            : CliMeasurement.Run("python", PythonDescription, cliDll, corpus, [pythonRules], settings.Workers, summary.UncompressedBytes, log);

        var report = new ThroughputReport
        {
            Machine = new MachineInfo(Environment.ProcessorCount, Environment.OSVersion.ToString(), Environment.Version.ToString()),
            Corpus = new CorpusInfo(corpus, summary.Files, summary.Events, summary.RiskyEvents, summary.UncompressedBytes, summary.CompressedBytes, settings.Seed),
            BundledRules = bundledRules,
            Repeat = settings.Repeat,
            Floor = floor!,
            FloorInProcess = floorInProcess!,
            Pipeline = pipeline!,
            Python = python,
            PipelineToFloor = Ratio(pipeline!, floor!),
            PythonToFloor = python.Skipped is null ? Ratio(python, floor!) : null,
            PipelineToFloorByCpu = CpuRatio(pipeline!, floor!),
            PipelineToFloorInProcess = Ratio(pipeline!, floorInProcess!),
            Targets = new Targets(
                PipelineToFloorAtLeast: 0.7,
                PipelinePeakRssMegabytesAtMost: 300,
                RatioMet: floor!.ExitCode == 0 && Ratio(pipeline!, floor!) >= 0.7,
                MemoryMet: pipeline!.ExitCode == 0 && pipeline.PeakRssBytes is long rss && rss <= 300L * 1024 * 1024),
        };

        Print(report);
        string outPath = Path.GetFullPath(settings.Output ?? Path.Combine(repo, "artifacts", "throughput.json"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(report, ReportJson.Options));
        Console.WriteLine($"wrote {outPath}");
        return floor!.ExitCode == 0 && pipeline!.ExitCode == 0 ? 0 : 1;
    }

    /// <summary>The faster round; a round in which iota failed wins, so the failure shows and fails the harness.</summary>
    private static Measurement Best(Measurement? best, Measurement next) => best switch
    {
        null => next,
        { ExitCode: not (null or 0) } => best,
        _ => next.ExitCode is not (null or 0) || next.Seconds < best.Seconds ? next : best,
    };

    private static double Ratio(Measurement m, Measurement floor) =>
        floor.EventsPerSecond > 0 ? Math.Round(m.EventsPerSecond / floor.EventsPerSecond, 3) : 0;

    private static double CpuRatio(Measurement m, Measurement floor) =>
        floor.EventsPerCpuSecond > 0 ? Math.Round(m.EventsPerCpuSecond / floor.EventsPerCpuSecond, 3) : 0;

    private static string Line(Measurement m) =>
        m.Skipped is not null
            ? $"skipped: {m.Skipped}"
            : m.ExitCode is int code and not 0
            ? $"failed: exited with {code} after {m.Seconds:N2} s"
            : $"{m.EventsPerSecond,12:N0} events/s {m.MegabytesPerSecond,8:N1} MB/s {m.Seconds,7:N2} s (cpu {m.CpuSeconds,6:N2} s)" +
                (m.PeakRssBytes is long rss ? $"  peak RSS {rss / 1048576.0,6:N0} MB" : "") +
                (m.PeakTreeRssBytes is long tree && tree > (m.PeakRssBytes ?? 0) ? $" (with workers {tree / 1048576.0:N0} MB)" : "") +
                (m.Alerts is long alerts ? $"  matches {m.Matches:N0} alerts {alerts:N0}" : "") +
                (m.RuleErrors is > 0 ? $"  rule errors {m.RuleErrors:N0}" : "");

    private static void Print(ThroughputReport r)
    {
        Console.WriteLine($"corpus: {r.Corpus.Events:N0} events in {r.Corpus.Files} files, {r.Corpus.UncompressedBytes / 1e6:N1} MB JSON; {r.Machine.ProcessorCount} cores");
        Console.WriteLine($"(a) floor     {Line(r.Floor)}");
        Console.WriteLine($"    (the same work in the harness's warm process, no start-up or JIT: {Line(r.FloorInProcess).Trim()})");
        Console.WriteLine($"(b) pipeline  {Line(r.Pipeline)}");
        Console.WriteLine($"(c) python    {Line(r.Python)}");
        Console.WriteLine($"(b)/(a) = {r.PipelineToFloor:N3}  (target >= {r.Targets.PipelineToFloorAtLeast}: {(r.Targets.RatioMet ? "met" : "NOT met")}); " +
            $"peak RSS of (b) {r.Pipeline.PeakRssBytes / 1048576.0:N0} MB (target <= {r.Targets.PipelinePeakRssMegabytesAtMost} MB: {(r.Targets.MemoryMet ? "met" : "NOT met")})");
        Console.WriteLine($"(b)/(a) by events per CPU second = {r.PipelineToFloorByCpu:N3} (less sensitive to other load on the machine)");
        Console.WriteLine($"(b) against the warm in-process floor = {r.PipelineToFloorInProcess:N3}");
        if (r.PythonToFloor is double p)
        {
            Console.WriteLine($"(c)/(a) = {p:N3}");
        }
    }

    /// <summary>
    /// Loads the bundled rules once, untimed: the first load after a build compiles the .csx rules into the
    /// compile cache, and every measured round should see the steady state a deployed engine sees.
    /// </summary>
    private static void WarmRuleCache(string cliDll, TextWriter log)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[cliDll, "rules", "list", "--format", "json"])
        {
            start.ArgumentList.Add(arg);
        }

        using Process warm = Process.Start(start)!;
        Task<string> errors = warm.StandardError.ReadToEndAsync();
        warm.StandardOutput.ReadToEnd();
        warm.WaitForExit();
        if (warm.ExitCode != 0)
        {
            log.WriteLine($"rules: 'iota rules list' exited with {warm.ExitCode}: {errors.Result.Trim()}");
        }
    }

    /// <summary>
    /// Publishes the CLI the way it is deployed (Release, ReadyToRun for this machine's runtime, with the bundled
    /// rules) into artifacts/cli and returns its iota.dll: a fresh process of the deployed build is what (b) measures.
    /// </summary>
    private static string BuildCli(string repo, TextWriter log)
    {
        string project = Path.Combine(repo, "src", "Iota.Cli", "Iota.Cli.csproj");
        string output = Path.Combine(repo, "artifacts", "cli");
        log.WriteLine($"publishing {project} (Release, ReadyToRun) to {output}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in (string[])["publish", project, "-c", "Release", "--use-current-runtime", "--self-contained", "false",
                     "-p:PublishReadyToRun=true", "-o", output, "-nologo", "-v", "q"])
        {
            start.ArgumentList.Add(arg);
        }

        using Process publish = Process.Start(start)!;
        string messages = publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            log.WriteLine(messages);
            throw new InvalidOperationException($"dotnet publish {project} failed with exit code {publish.ExitCode}");
        }

        return Path.Combine(output, "iota.dll");
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Iota.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Iota.sln above {AppContext.BaseDirectory}; run the harness from the repository");
    }
}

/// <summary>What the harness writes for CI to keep.</summary>
internal sealed record ThroughputReport
{
    public required MachineInfo Machine { get; init; }

    public required CorpusInfo Corpus { get; init; }

    public required string BundledRules { get; init; }

    public required int Repeat { get; init; }

    /// <summary>The floor as a fresh process, measured as the pipeline is: what the ratio and the target use.</summary>
    public required Measurement Floor { get; init; }

    /// <summary>The floor's work timed inside the harness's warm process, for reference.</summary>
    public required Measurement FloorInProcess { get; init; }

    public required Measurement Pipeline { get; init; }

    public required Measurement Python { get; init; }

    public required double PipelineToFloor { get; init; }

    public double? PythonToFloor { get; init; }

    public required double PipelineToFloorByCpu { get; init; }

    public required double PipelineToFloorInProcess { get; init; }

    public required Targets Targets { get; init; }
}

internal sealed record MachineInfo(int ProcessorCount, string Os, string Runtime);

internal sealed record CorpusInfo(string Folder, int Files, long Events, long RiskyEvents, long UncompressedBytes, long CompressedBytes, int Seed);

internal sealed record Targets(double PipelineToFloorAtLeast, int PipelinePeakRssMegabytesAtMost, bool RatioMet, bool MemoryMet);

internal static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

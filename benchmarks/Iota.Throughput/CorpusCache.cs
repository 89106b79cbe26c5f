using System.Text.Json;
using Iota.Pipeline.Generation;

namespace Iota.Throughput;

/// <summary>
/// Generated corpora kept between runs in a folder per size and seed, so the harness writes 1.4 GB of JSON once
/// and every later run measures exactly the same bytes. A folder counts only once its summary is written last.
/// </summary>
internal static class CorpusCache
{
    private const string SummaryFile = "corpus.json";

    public static (string Folder, CorpusSummary Summary) GetOrCreate(string cacheRoot, int files, int eventsPerFile, int seed, TextWriter log)
    {
        string folder = Path.GetFullPath(Path.Combine(cacheRoot, $"cloudtrail-f{files}-e{eventsPerFile}-s{seed}"));
        string summaryPath = Path.Combine(folder, SummaryFile);
        if (File.Exists(summaryPath))
        {
            CorpusSummary? cached = JsonSerializer.Deserialize<CorpusSummary>(File.ReadAllText(summaryPath));
            if (cached is not null)
            {
                log.WriteLine($"corpus: cached {folder}");
                return (folder, cached);
            }
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        log.WriteLine($"corpus: generating {files} files x {eventsPerFile} events (seed {seed}) into {folder}");
        CorpusSummary summary = CloudTrailCorpusGenerator.Generate(folder, files, eventsPerFile, seed);
        File.WriteAllText(summaryPath, JsonSerializer.Serialize(summary));
        return (folder, summary);
    }

    /// <summary>The log files of a cached corpus, in a stable order.</summary>
    public static string[] LogFiles(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(folder, "AWSLogs"), "*.json.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}

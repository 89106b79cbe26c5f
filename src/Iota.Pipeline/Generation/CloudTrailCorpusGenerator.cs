using System.Globalization;
using Iota.Pipeline.Generation.Internal;

namespace Iota.Pipeline.Generation;

/// <summary>
/// Generates a synthetic CloudTrail corpus for throughput runs: gzip log files in the AWSLogs folder layout
/// of several accounts and regions, each record 1.2–1.5 KB on average like real trails. The traffic is a
/// busy account's (S3 data events, service calls, Describe/List/Get reads) with a thin tail, about 0.3%, of
/// risky management events that bundled detections should alert on. Output depends only on the arguments:
/// the same seed gives byte-identical files.
/// </summary>
public static class CloudTrailCorpusGenerator
{
    private static readonly string[] AccountIds = ["111122223333", "444455556666", "777788889999", "222233334444"];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "us-west-2"];
    private static readonly DateTime Epoch = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Writes <paramref name="files"/> files of <paramref name="eventsPerFile"/> records each under <paramref name="outDir"/>.</summary>
    /// <param name="outDir">Folder to write into; created if missing. Files go under <c>AWSLogs/</c> inside it.</param>
    /// <param name="files">Number of files.</param>
    /// <param name="eventsPerFile">Records per file.</param>
    /// <param name="seed">Seed for every random choice, including ids and timestamps.</param>
    /// <param name="progress">Told the number of files finished so far, from worker threads, in no fixed order.</param>
    public static CorpusSummary Generate(string outDir, int files, int eventsPerFile, int seed, IProgress<int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outDir);
        ArgumentOutOfRangeException.ThrowIfNegative(files);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerFile);

        var plans = Plan(files, seed);
        var accounts = AccountIds.Select((id, index) => new CorpusAccount(id, index)).ToArray();
        long events = 0, risky = 0, uncompressed = 0, compressed = 0;
        var finished = 0;
        Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var plan = plans[i];
            var result = CorpusFileWriter.Write(outDir, plan, accounts[plan.AccountIndex], eventsPerFile);
            Interlocked.Add(ref events, result.Events);
            Interlocked.Add(ref risky, result.RiskyEvents);
            Interlocked.Add(ref uncompressed, result.UncompressedBytes);
            Interlocked.Add(ref compressed, result.CompressedBytes);
            progress?.Report(Interlocked.Increment(ref finished));
        });
        return new CorpusSummary(files, events, risky, uncompressed, compressed);
    }

    /// <summary>
    /// Lays the files out like a trail delivers them: each account and region gets one file per five-minute
    /// window, windows following one another from a start day picked by the seed.
    /// </summary>
    private static CorpusFilePlan[] Plan(int files, int seed)
    {
        var random = new Random(seed);
        var start = Epoch.AddDays(random.Next(28));
        var streams = AccountIds.Length * Regions.Length;
        var plans = new CorpusFilePlan[files];
        Span<char> suffix = stackalloc char[16];
        for (var i = 0; i < files; i++)
        {
            var accountIndex = i % streams / Regions.Length;
            var account = AccountIds[accountIndex];
            var region = Regions[i % Regions.Length];
            var windowStart = start + (CorpusFileWriter.Window * (i / streams));
            var delivered = windowStart + CorpusFileWriter.Window;
            RandomIds.AlphanumericString(random, suffix);
            var path = string.Create(
                CultureInfo.InvariantCulture,
                $"AWSLogs/{account}/CloudTrail/{region}/{windowStart:yyyy/MM/dd}/{account}_CloudTrail_{region}_{delivered:yyyyMMdd'T'HHmm'Z'}_{suffix}.json.gz");
            plans[i] = new CorpusFilePlan(accountIndex, region, windowStart, path, random.Next());
        }

        return plans;
    }
}

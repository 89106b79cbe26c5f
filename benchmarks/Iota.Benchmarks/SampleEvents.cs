using Iota.Engine;
using Iota.Pipeline;
using Iota.Pipeline.Generation;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>
/// Real-shaped CloudTrail records for the benchmarks: one file of the throughput corpus (same generator, fixed
/// seed), decoded the way the pipeline decodes it, and the bundled rule pack loaded the way <c>iota run</c>
/// loads it, from the rules folder beside the built CLI.
/// </summary>
internal static class SampleEvents
{
    private const int Records = 2_000;

    /// <summary>A batch holding one generated corpus file; the caller owns it.</summary>
    public static EventBatch LoadCorpusFile()
    {
        string folder = Directory.CreateTempSubdirectory("iota-bench-").FullName;
        try
        {
            CloudTrailCorpusGenerator.Generate(folder, files: 1, eventsPerFile: Records, seed: 7);
            string file = Directory.EnumerateFiles(folder, "*.json.gz", SearchOption.AllDirectories).Single();
            var batch = new EventBatch();
            batch.LoadFile(file);
            return batch;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The bundled pack from the Release CLI build's <c>rules/</c> folder (what <c>iota run</c> loads).</summary>
    public static RuleSet LoadBundledRules()
    {
        string rules = RulesFolder();
        if (!Directory.Exists(rules))
        {
            throw new InvalidOperationException($"{rules} is missing: build the CLI first (dotnet build src/Iota.Cli -c Release)");
        }

        RuleSet set = RuleLoader.Load([rules]);
        if (set.LoadErrors.Count > 0)
        {
            throw new InvalidOperationException($"the bundled rules did not all load: {string.Join("; ", set.LoadErrors)}");
        }

        Console.WriteLine($"// bundled rules: {set.Rules.Count} from {rules}");
        return set;
    }

    /// <summary>The <c>rules/</c> folder of the Release CLI build.</summary>
    public static string RulesFolder() => Path.Combine(RepositoryRoot(), "src", "Iota.Cli", "bin", "Release", "net10.0", "rules");

    /// <summary>The first event for which <paramref name="wanted"/> holds, given how many rules match it.</summary>
    public static int Find(EventBatch batch, RuleSet rules, Func<Event, int, bool> wanted)
    {
        var matches = new List<RuleMatch>();
        var errors = new RuleErrorLog();
        for (int i = 0; i < batch.Count; i++)
        {
            matches.Clear();
            rules.Evaluate(batch.Events[i], batch.LogTypeOf(i), matches, errors);
            if (wanted(batch.Events[i], matches.Count))
            {
                return i;
            }
        }

        throw new InvalidOperationException("no such event in the sample corpus file");
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

        throw new InvalidOperationException($"no Iota.sln above {AppContext.BaseDirectory}");
    }
}

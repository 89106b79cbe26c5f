using BenchmarkDotNet.Attributes;
using Iota.Engine;
using Iota.Pipeline;
using Iota.Pipeline.Generation;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>
/// The whole bundled pack over a realistic mix of events: one generated corpus file (the throughput corpus's
/// generator and shape), evaluated through <see cref="RuleSet.Evaluate"/> exactly as the pipeline does. Results
/// are per event (<c>OperationsPerInvoke</c>), so ns/event and B/event read directly. The quiet variant keeps only
/// the events no rule matches: it must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class PackBenchmarks
{
    private const int Events = 5_000;

    private readonly List<RuleMatch> _matches = [];
    private readonly RuleErrorLog _errors = new();
    private EventBatch _batch = null!;
    private RuleSet _rules = null!;
    private Event[] _all = [];
    private Event[] _quiet = [];

    [GlobalSetup]
    public void Setup()
    {
        string folder = Directory.CreateTempSubdirectory("iota-bench-").FullName;
        try
        {
            CloudTrailCorpusGenerator.Generate(folder, files: 1, eventsPerFile: Events, seed: 3);
            string file = Directory.EnumerateFiles(folder, "*.json.gz", SearchOption.AllDirectories).Single();
            _batch = new EventBatch();
            _batch.LoadFile(file);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        _rules = SampleEvents.LoadBundledRules();
        var all = new List<Event>();
        var quiet = new List<Event>();
        int matched = 0;
        for (int i = 0; i < _batch.Count; i++)
        {
            Event e = _batch.Events[i];
            all.Add(e);
            _matches.Clear();
            _rules.Evaluate(e, LogTypes.CloudTrail, _matches, _errors);
            matched += _matches.Count;
            if (_matches.Count == 0)
            {
                quiet.Add(e);
            }
        }

        _matches.Clear();
        if (all.Count != Events)
        {
            throw new InvalidOperationException($"expected {Events} generated events, found {all.Count}");
        }

        _all = [.. all];
        // Repeated up to the same count, so both benchmarks divide by the events they actually evaluated.
        _quiet = [.. Enumerable.Range(0, Events).Select(i => quiet[i % quiet.Count])];
        Console.WriteLine($"// events: {_all.Length}, of which quiet: {quiet.Count}; matches: {matched}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rules.Dispose();
        _batch.Dispose();
    }

    [Benchmark(Description = "pack, corpus mix (per event)", OperationsPerInvoke = Events)]
    public int CorpusMix() => Run(_all);

    [Benchmark(Description = "pack, quiet events only (per event)", OperationsPerInvoke = Events)]
    public int QuietOnly() => Run(_quiet);

    private int Run(Event[] events)
    {
        int count = 0;
        foreach (Event e in events)
        {
            _rules.Evaluate(e, LogTypes.CloudTrail, _matches, _errors);
            count += _matches.Count;
            _matches.Clear();
        }

        return count;
    }
}

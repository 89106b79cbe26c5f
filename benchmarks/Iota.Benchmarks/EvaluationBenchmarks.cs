using BenchmarkDotNet.Attributes;
using Iota.Engine;
using Iota.Pipeline;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>
/// Dispatch + evaluation of one event against the full bundled pack: a busy account's everyday event that no
/// rule matches (the case that must allocate nothing), and a risky event that at least one rule matches.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private readonly List<RuleMatch> _matches = [];
    private readonly RuleErrorLog _errors = new();
    private EventBatch _batch = null!;
    private RuleSet _rules = null!;
    private Event _quiet;
    private Event _risky;

    [GlobalSetup]
    public void Setup()
    {
        _batch = SampleEvents.LoadCorpusFile();
        _rules = SampleEvents.LoadBundledRules();
        _quiet = _batch.Events[SampleEvents.Find(_batch, _rules, (e, matched) => matched == 0 && e.EventName.Equals("GetObject"))];
        int risky = SampleEvents.Find(_batch, _rules, (e, matched) => matched > 0 || _rules.Rules.Count == 0 && e.EventName.Equals("StopLogging"));
        _risky = _batch.Events[risky];
        Console.WriteLine($"// matching event: {_risky.EventSource.AsString()} {_risky.EventName.AsString()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rules.Dispose();
        _batch.Dispose();
    }

    [Benchmark(Description = "non-matching event (GetObject)")]
    public int NonMatching()
    {
        _rules.Evaluate(_quiet, LogTypes.CloudTrail, _matches, _errors);
        int count = _matches.Count;
        _matches.Clear();
        return count;
    }

    [Benchmark(Description = "matching event (risky management call)")]
    public int Matching()
    {
        _rules.Evaluate(_risky, LogTypes.CloudTrail, _matches, _errors);
        int count = _matches.Count;
        _matches.Clear();
        return count;
    }
}

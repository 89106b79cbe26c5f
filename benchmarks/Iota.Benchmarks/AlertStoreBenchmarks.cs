using BenchmarkDotNet.Attributes;
using Iota.Engine;
using Iota.Pipeline;
using Iota.Pipeline.State;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>
/// Committing a unit with one match to the alert store (SQLite, in memory): claims the unit key and upserts the
/// alert for the rule's dedup key; after the first operation every commit updates the same open alert.
/// </summary>
[MemoryDiagnoser]
public class AlertStoreBenchmarks
{
    private readonly DateTimeOffset _now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private StateDatabase _database = null!;
    private AlertStore _store = null!;
    private RuleMatch[] _matches = [];
    private long _unit;

    [GlobalSetup]
    public void Setup()
    {
        _database = StateDatabase.Open(null);
        _store = new AlertStore(_database);
        var rule = new RuleDescriptor { Id = "bench.root-console-login", Severity = Severity.High, Language = "csharp", Source = "benchmark" };
        byte[] json = """{"eventVersion":"1.08","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventTime":"2026-11-21T11:59:00Z","userIdentity":{"type":"Root"}}"""u8.ToArray();
        _matches = [new RuleMatch(rule, "Root console login", "root", Severity.High, """{"ip":"203.0.113.9"}""", json, _now, LogTypes.CloudTrail)];
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark(Description = "CommitUnit with one match (upsert)")]
    public int CommitUnit() => _store.CommitUnit($"file:bench:{_unit++}", _matches, (IReadOnlyList<Iota.Pipeline.Outputs.OutputRoute>)[], _now).Count;
}

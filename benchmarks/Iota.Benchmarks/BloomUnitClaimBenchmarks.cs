using BenchmarkDotNet.Attributes;
using Iota.Pipeline;

namespace Iota.Benchmarks;

/// <summary>
/// The event filter's cost per event of a whole unit, as <see cref="UnitProcessor"/> pays it: claim a
/// 5,000-event unit and remember it after the commit, on a default-sized filter (10M keys at 0.1%) that already
/// holds a million keys; and claim a unit whose events were all processed before (a re-read file).
/// </summary>
[MemoryDiagnoser]
public class BloomUnitClaimBenchmarks
{
    private const int UnitSize = 5_000;
    private const int PresentKeys = 1_000_000;

    private readonly ulong[] _unit = new ulong[UnitSize];
    private readonly ulong[] _seen = new ulong[UnitSize];
    private readonly bool[] _duplicate = new bool[UnitSize];
    private EventFilter _filter = null!;
    private ulong _next;

    [GlobalSetup]
    public void Setup()
    {
        _filter = EventFilter.Open(null);
        for (var i = 0; i < PresentKeys / UnitSize; i++)
        {
            ClaimAndRememberNewUnit();
        }

        for (var i = 0; i < UnitSize; i++)
        {
            _seen[i] = KeyHash((ulong)(i * 7));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _filter.Dispose();

    [Benchmark(OperationsPerInvoke = UnitSize, Description = "Claim + remember a unit (5,000 new events, per event)")]
    public int ClaimAndRememberNewUnit()
    {
        for (var i = 0; i < UnitSize; i++)
        {
            _unit[i] = KeyHash(_next++);
        }

        var duplicates = _filter.ClaimUnit(_unit, _duplicate);
        _filter.RememberUnit(_unit, _duplicate);
        return duplicates;
    }

    [Benchmark(OperationsPerInvoke = UnitSize, Description = "Claim a unit (5,000 seen events, per event)")]
    public int ClaimSeenUnit() => _filter.ClaimUnit(_seen, _duplicate);

    // Stands in for the xxHash of an eventID (taken when the event is read, not here): a cheap, well-mixed hash
    // of a counter.
    private static ulong KeyHash(ulong i)
    {
        var z = (i + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

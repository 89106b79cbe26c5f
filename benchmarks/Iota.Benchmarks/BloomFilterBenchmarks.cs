using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using Iota.Pipeline.Bloom;

namespace Iota.Benchmarks;

/// <summary>
/// The event filter's per-event cost: one test-and-add per event, on a default-sized (10M keys at 0.1%)
/// filter that already holds a million keys, with eventID-sized keys.
/// </summary>
[MemoryDiagnoser]
public class BloomFilterBenchmarks
{
    private const int PresentKeys = 1_000_000;

    private readonly byte[] _key = Encoding.ASCII.GetBytes("0b1c2d3e-0000-0000-8c9d-5e6f7a8b9c0d");
    private BloomFilter _filter = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _filter = new BloomFilter(BloomFilter.DefaultCapacity, BloomFilter.DefaultFalsePositiveRate);
        for (var i = 0; i < PresentKeys; i++)
        {
            _filter.Add(KeyFor(i));
        }

        _next = PresentKeys;
    }

    [Benchmark(Description = "Add (new key)")]
    public bool AddNewKey() => _filter.Add(KeyFor(_next++));

    [Benchmark(Description = "Add (duplicate key)")]
    public bool AddDuplicateKey() => _filter.Add(KeyFor(_next++ % PresentKeys));

    [Benchmark(Description = "Contains (present)")]
    public bool ContainsPresent() => _filter.Contains(KeyFor(_next++ % PresentKeys));

    [Benchmark(Description = "Contains (absent)")]
    public bool ContainsAbsent() => _filter.Contains(KeyFor(-1 - _next++));

    // Rewrites eight bytes of one buffer so keys differ without allocating.
    private byte[] KeyFor(long i)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_key.AsSpan(9), i);
        return _key;
    }
}

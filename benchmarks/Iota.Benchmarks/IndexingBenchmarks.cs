using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>Indexing one CloudTrail record (about 1.4 KB): one Utf8JsonReader pass into the token index, then registering it as an event.</summary>
[MemoryDiagnoser]
public class IndexingBenchmarks
{
    private readonly EventBuffer _buffer = new();
    private ReadOnlyMemory<byte> _record;

    [GlobalSetup]
    public void Setup()
    {
        using var batch = SampleEvents.LoadCorpusFile();
        _record = batch.Events.GetEventUtf8(0).ToArray();
    }

    [Benchmark(Description = "AppendValue + AddEvent (one record)")]
    public int IndexRecord()
    {
        _buffer.Reset(_record);
        var reader = new Utf8JsonReader(_record.Span);
        JsonField root = _buffer.AppendValue(ref reader);
        return _buffer.AddEvent(root);
    }
}

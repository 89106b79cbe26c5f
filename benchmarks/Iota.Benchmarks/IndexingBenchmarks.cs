using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>
/// Indexing one CloudTrail record (about 1.4 KB) and registering it as an event: with the scanner the readers use
/// (<see cref="EventBuffer.TryAppendValue"/>), and with the Utf8JsonReader path they fall back to on bad input.
/// </summary>
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

    [Benchmark(Baseline = true, Description = "TryAppendValue (scanner) + AddEvent (one record)")]
    public int ScanRecord()
    {
        _buffer.Reset(_record);
        _buffer.TryAppendValue(0, _record.Length, out JsonField root, out _);
        return _buffer.AddEvent(root);
    }

    [Benchmark(Description = "Utf8JsonReader + AppendValue + AddEvent (one record)")]
    public int IndexRecord()
    {
        _buffer.Reset(_record);
        var reader = new Utf8JsonReader(_record.Span);
        JsonField root = _buffer.AppendValue(ref reader);
        return _buffer.AddEvent(root);
    }
}

using BenchmarkDotNet.Attributes;
using Iota.Pipeline;
using Iota.Sdk;

namespace Iota.Benchmarks;

/// <summary>What rules do most: read fields of an indexed event.</summary>
[MemoryDiagnoser]
public class FieldLookupBenchmarks
{
    private EventBatch _batch = null!;
    private Event _event;
    private Event _escaped;

    [GlobalSetup]
    public void Setup()
    {
        _batch = SampleEvents.LoadCorpusFile();
        _event = _batch.Events[Enumerable.Range(0, _batch.Count).First(i => _batch.Events[i].UserIdentity.Type.Equals("AssumedRole"))];
        _escaped = Event.Parse("""{"eventName":"PutRolePolicy","requestParameters":{"policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}""");
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(Description = "typed accessor: EventSource == \"s3.amazonaws.com\"")]
    public bool TypedAccessor() => _event.EventSource.Equals("s3.amazonaws.com");

    [Benchmark(Description = "dotted path: userIdentity.sessionContext.sessionIssuer.userName")]
    public bool DottedPath() => _event["userIdentity.sessionContext.sessionIssuer.userName"].Exists;

    [Benchmark(Description = "event time: eventTime read as a DateTimeOffset")]
    public DateTimeOffset? EventTime() => _event.EventTime;

    [Benchmark(Description = "escaped string compare (policy document)")]
    public bool EscapedCompare() =>
        _escaped.RequestParameters.Property("policyDocument").Equals("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
}

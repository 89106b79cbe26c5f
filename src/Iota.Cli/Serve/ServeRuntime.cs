using Amazon;
using Iota.Aws.S3;
using Iota.Aws.Sqs;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Cli.Internal;
using Iota.Pipeline;
using Iota.Pipeline.Lake;
using Iota.Pipeline.Metrics;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;

namespace Iota.Cli.Serve;

/// <summary>
/// The long-lived parts one <c>iota serve</c> process shares between ingestion, readiness and metrics: rules,
/// state, the unit processor, the forwarder and the AWS clients. Built before the host starts, so a bad rule
/// folder or state directory fails the command at once with a message rather than as a crashed service.
/// </summary>
internal sealed class ServeRuntime : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly Lazy<S3Access> _s3;

    public ServeRuntime(ServeSettings settings, RuleSet rules, PythonRuleHost? python, Action<string> warn)
    {
        Settings = settings;
        // First, so no measurement from startup on is missed.
        Metrics = new PrometheusExporter();
        Engine = new RuleEngine(rules);
        Database = StateDatabase.Open(settings.State);
        Filter = EventFilter.Open(settings.State, warn: warn);
        Integrations = new IntegrationStore(Database);
        Processed = new ProcessedObjectStore(Database);
        if (settings.Lake is not null)
        {
            Lake = new LakeWriter(
                LakeLocation.OpenStore(settings.Lake),
                new LakeWriterOptions { StagingDirectory = LakeLocation.StagingDirectory(settings.Lake, settings.State) });
            Lake.FlushFailed += warn;
        }

        Processor = new UnitProcessor(Engine, Filter, new AlertStore(Database), settings.Outputs.Routes, python, lake: Lake);
        IReadOnlyList<IAlertOutput> outputs = settings.Outputs.CreateOutputs(_http, Console.Out);
        Forwarder = new Forwarder(Database, outputs);
        Forwarder.Delivered += (output, _) => IotaMetrics.AlertsForwarded.Add(1, new("output", output), new("status", "success"));
        Forwarder.DeliveryFailed += failure => IotaMetrics.AlertsForwarded.Add(1, new("output", failure.OutputName), new("status", "failure"));

        var region = settings.Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (settings.QueueUrl is not null)
        {
            Sqs = new SqsClient(SqsConfig(settings, region, retries: 4, TimeSpan.FromSeconds(30)));
            // Readiness asks once with a short deadline: a probe must answer before the kubelet gives up on it.
            ProbeSqs = new SqsClient(SqsConfig(settings, region, retries: 0, TimeSpan.FromSeconds(3)));
        }

        // Built on first use: watch mode never reads S3, and the SDK refuses to build a client without a region.
        _s3 = new Lazy<S3Access>(() => new S3Access(
            new S3AccessOptions { ServiceUrl = settings.S3EndpointUrl, StsServiceUrl = settings.StsEndpointUrl, Region = region },
            Integrations.List()));
    }

    public ServeSettings Settings { get; }
    public PrometheusExporter Metrics { get; }
    public RuleEngine Engine { get; }
    public StateDatabase Database { get; }
    public EventFilter Filter { get; }
    public IntegrationStore Integrations { get; }
    public ProcessedObjectStore Processed { get; }
    public UnitProcessor Processor { get; }

    /// <summary>The lake every new event is also written to, when <c>--lake</c> names one.</summary>
    public LakeWriter? Lake { get; }
    public Forwarder Forwarder { get; }
    public SqsClient? Sqs { get; }
    public SqsClient? ProbeSqs { get; }
    public S3Access S3 => _s3.Value;

    public void Dispose()
    {
        Forwarder.Dispose();
        Lake?.Dispose();
        Sqs?.Dispose();
        ProbeSqs?.Dispose();
        if (_s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }

        Filter.Dispose();
        Database.Dispose();
        Engine.Dispose();
        Metrics.Dispose();
        _http.Dispose();
    }

    private static SqsClientConfig SqsConfig(ServeSettings settings, string? region, int retries, TimeSpan timeout) => new()
    {
        ServiceUrl = settings.SqsEndpointUrl,
        RegionEndpoint = region is null ? null : RegionEndpoint.GetBySystemName(region),
        MaxErrorRetry = retries,
        Timeout = timeout,
    };
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Iota.Pipeline.Metrics.Internal;

namespace Iota.Pipeline.Metrics;

/// <summary>
/// Collects the instruments of the configured meters and writes them in the Prometheus text exposition
/// format 0.0.4. Stands in for prometheus-net's collector registry: the process records through
/// <see cref="System.Diagnostics.Metrics"/> instruments, and the metrics endpoint calls
/// <see cref="WriteAsync"/> on each scrape.
/// </summary>
/// <remarks>
/// Counters and UpDownCounters are summed per tag set, histograms are bucketed per tag set, and observable
/// instruments are called on each scrape. Recording on a tag set seen before takes no lock and allocates
/// nothing. Instruments published after the exporter starts are picked up as they appear.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of what <see cref="WriteAsync"/> produces.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly PrometheusExporterOptions _options;
    private readonly HashSet<string> _meterNames;
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly MeterListener _listener;
    private readonly Lock _scrapeGate = new();
    private long _scrape;

    public PrometheusExporter(PrometheusExporterOptions? options = null)
    {
        _options = options ?? new PrometheusExporterOptions();
        _meterNames = new HashSet<string>(_options.MeterNames, StringComparer.Ordinal);
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Writes every metric that has at least one series, in name order.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // One scrape at a time, so observable callbacks and the values they set belong to the same scrape.
        lock (_scrapeGate)
        {
            var scrape = ++_scrape;
            var families = _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            foreach (var family in families)
            {
                family.BeginScrape(scrape);
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException failures)
            {
                // Every other instrument has still been observed; one broken callback must not blank the
                // whole endpoint. The comment line tells whoever reads the page, and scrapers ignore it.
                foreach (var failure in failures.InnerExceptions)
                {
                    writer.Write("# observable instrument callback failed: ");
                    writer.Write(ExpositionFormat.EscapeHelp(failure.Message));
                    writer.Write('\n');
                }
            }

            foreach (var family in families)
            {
                family.WriteTo(writer, scrape);
            }
        }
    }

    /// <summary>Writes the exposition to <paramref name="stream"/> as UTF-8 without a byte-order mark.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteTo(text);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(text.GetStringBuilder(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_meterNames.Contains(instrument.Meter.Name))
        {
            return;
        }

        var name = ExpositionFormat.SanitizeMetricName(instrument.Name);
        var created = CreateFamily(name, instrument);
        if (created is null)
        {
            return;
        }

        var family = _families.GetOrAdd(name, created);
        // A same-named instrument of another kind cannot share the family; keeping the first one's data
        // intact matters more than exposing a conflicting duplicate.
        if (family.GetType() == created.GetType() && family.Type == created.Type)
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }

    private MetricFamily? CreateFamily(string name, Instrument instrument)
    {
        var help = instrument.Description;
        var kind = instrument.GetType();
        if (!kind.IsGenericType)
        {
            return null;
        }

        var definition = kind.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return new SumFamily(name, help, "counter");
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new SumFamily(name, help, "gauge");
        }

        if (definition == typeof(Histogram<>))
        {
            return new HistogramFamily(name, help, AdvisedBounds(instrument) ?? _options.HistogramBounds);
        }

        if (definition == typeof(Gauge<>))
        {
            return new LastValueFamily(name, help, "gauge", reportedOnScrape: false);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return new LastValueFamily(name, help, "counter", reportedOnScrape: true);
        }

        if (definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            return new LastValueFamily(name, help, "gauge", reportedOnScrape: true);
        }

        return null;
    }

    private static IEnumerable<double>? AdvisedBounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        _ => null,
    };
}

using System.Diagnostics.Metrics;
using System.Text;
using Iota.Pipeline.Metrics;

namespace Iota.Pipeline.Tests.Metrics;

public sealed class PrometheusExporterTests : IDisposable
{
    // A meter name of its own keeps this class's instruments out of other tests' exporters.
    private readonly Meter _meter = new($"Iota.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests()
    {
        _exporter = new PrometheusExporter(new PrometheusExporterOptions { MeterNames = [_meter.Name] });
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    private ExpositionText Scrape()
    {
        var text = new StringWriter();
        _exporter.WriteTo(text);
        return ExpositionText.Parse(text.ToString());
    }

    private static void OnThreads(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            body(t);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
    }

    [Fact]
    public void Counter_sums_each_label_set_recorded_from_many_threads()
    {
        var counter = _meter.CreateCounter<long>("test_events_processed_total", description: "Events processed.");
        var statuses = new[] { "ok", "error", "skipped" };

        OnThreads(8, t =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(
                    1 + (i % 2),
                    new KeyValuePair<string, object?>("log_type", t % 2 == 0 ? "AWS.CloudTrail" : "AWS.VPCFlow"),
                    new KeyValuePair<string, object?>("status", statuses[i % 3]));
            }
        });

        var scraped = Scrape();
        Assert.Equal(("test_events_processed_total", "counter"), Assert.Single(scraped.Types));
        Assert.Equal(6, scraped.Of("test_events_processed_total").Count());
        foreach (var logType in new[] { "AWS.CloudTrail", "AWS.VPCFlow" })
        {
            for (var s = 0; s < statuses.Length; s++)
            {
                // Four threads per log type; within a thread, i % 3 == s picks the status and i % 2 the amount.
                var perThread = Enumerable.Range(0, 10_000).Where(i => i % 3 == s).Sum(i => 1 + (i % 2));
                Assert.Equal(4 * perThread, scraped.Value("test_events_processed_total", ("log_type", logType), ("status", statuses[s])));
            }
        }
    }

    [Fact]
    public void Tags_given_in_another_order_land_in_the_same_series()
    {
        var counter = _meter.CreateCounter<double>("test_ordered_total");
        counter.Add(1.5, new("a", "1"), new("b", "2"));
        counter.Add(2.25, new("b", "2"), new("a", "1"));

        var sample = Assert.Single(Scrape().Samples);
        Assert.Equal(3.75, sample.Value);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_and_agree_with_count_and_sum()
    {
        var histogram = _meter.CreateHistogram<double>("test_processing_seconds", "s", "Time per event.");
        var values = new[] { 0.004, 0.005, 0.3, 0.75, 2, 20 };

        OnThreads(4, t =>
        {
            for (var i = 0; i < 3_000; i++)
            {
                histogram.Record(values[i % values.Length], new KeyValuePair<string, object?>("worker", t % 2));
            }
        });

        var scraped = Scrape();
        Assert.Equal(("test_processing_seconds", "histogram"), Assert.Single(scraped.Types));
        foreach (var worker in new[] { "0", "1" })
        {
            var buckets = scraped.Of("test_processing_seconds_bucket")
                .Where(s => s.Labels["worker"] == worker)
                .Select(s => (Le: s.Labels["le"], s.Value))
                .ToList();
            Assert.Equal([.. PrometheusExporterOptions.DefaultHistogramBounds.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), "+Inf"], buckets.Select(b => b.Le));
            for (var i = 1; i < buckets.Count; i++)
            {
                Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"bucket le={buckets[i].Le} is not cumulative");
            }

            // Two threads per worker, 500 of each value per thread; 0.005 is counted in its own bucket.
            Assert.Equal(2000, buckets.Single(b => b.Le == "0.005").Value);
            Assert.Equal(3000, buckets.Single(b => b.Le == "0.5").Value);
            Assert.Equal(4000, buckets.Single(b => b.Le == "1").Value);
            Assert.Equal(5000, buckets.Single(b => b.Le == "10").Value);
            Assert.Equal(6000, buckets.Single(b => b.Le == "+Inf").Value);
            Assert.Equal(6000, scraped.Value("test_processing_seconds_count", ("worker", worker)));
            Assert.Equal(1000 * values.Sum(), scraped.Value("test_processing_seconds_sum", ("worker", worker)), 6);
        }
    }

    [Fact]
    public void Histogram_bounds_come_from_instrument_advice_then_options()
    {
        using var exporter = new PrometheusExporter(new PrometheusExporterOptions { MeterNames = [_meter.Name], HistogramBounds = [1, 10] });
        var advised = _meter.CreateHistogram("test_advised_bytes", "By", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 1000] });
        var configured = _meter.CreateHistogram<double>("test_configured_seconds");
        advised.Record(500);
        configured.Record(5);

        var text = new StringWriter();
        exporter.WriteTo(text);
        var scraped = ExpositionText.Parse(text.ToString());

        Assert.Equal(["100", "1000", "+Inf"], scraped.Of("test_advised_bytes_bucket").Select(s => s.Labels["le"]));
        Assert.Equal([0d, 1, 1], scraped.Of("test_advised_bytes_bucket").Select(s => s.Value));
        Assert.Equal(["1", "10", "+Inf"], scraped.Of("test_configured_seconds_bucket").Select(s => s.Labels["le"]));
        Assert.Equal([0d, 1, 1], scraped.Of("test_configured_seconds_bucket").Select(s => s.Value));
    }

    [Fact]
    public void Label_values_are_escaped_and_read_back_unchanged()
    {
        var counter = _meter.CreateCounter<long>("test_escaped_total");
        const string awkward = "say \"hi\"\\path\nnext line";
        counter.Add(1, new KeyValuePair<string, object?>("rule_id", awkward));

        var text = new StringWriter();
        _exporter.WriteTo(text);

        Assert.Contains("rule_id=\"say \\\"hi\\\"\\\\path\\nnext line\"", text.ToString());
        var sample = Assert.Single(ExpositionText.Parse(text.ToString()).Samples);
        Assert.Equal(awkward, sample.Labels["rule_id"]);
    }

    [Fact]
    public void Help_and_type_appear_once_per_metric_before_its_samples()
    {
        var counter = _meter.CreateCounter<long>("test_alerts_total", description: "Alerts raised.\nPer rule.");
        var gauge = _meter.CreateUpDownCounter<long>("test_in_flight", description: "Units in flight.");
        foreach (var rule in new[] { "a", "b", "c" })
        {
            counter.Add(1, new KeyValuePair<string, object?>("rule_id", rule));
        }

        gauge.Add(3);
        gauge.Add(-5);

        var text = new StringWriter();
        _exporter.WriteTo(text);
        var scraped = ExpositionText.Parse(text.ToString());

        Assert.Equal([("test_alerts_total", "Alerts raised.\nPer rule."), ("test_in_flight", "Units in flight.")], scraped.Help);
        Assert.Equal([("test_alerts_total", "counter"), ("test_in_flight", "gauge")], scraped.Types);
        Assert.Equal(-2, scraped.Value("test_in_flight"));
        var lines = text.ToString().Split('\n');
        Assert.True(Array.IndexOf(lines, "# TYPE test_alerts_total counter") < Array.FindIndex(lines, l => l.StartsWith("test_alerts_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Observable_instruments_are_read_on_each_scrape_and_stale_series_drop_out()
    {
        var queues = new List<Measurement<long>> { new(4, new KeyValuePair<string, object?>("queue", "main")) };
        var calls = 0;
        _meter.CreateObservableGauge("test_queue_depth", () => { calls++; return queues; }, description: "Messages waiting.");
        long downloaded = 0;
        _meter.CreateObservableCounter("test_downloaded_total", () => downloaded);

        downloaded = 10;
        var first = Scrape();
        queues = [new(7, new KeyValuePair<string, object?>("queue", "dead-letter"))];
        downloaded = 25;
        var second = Scrape();

        Assert.Equal(2, calls);
        Assert.Equal(4, first.Value("test_queue_depth", ("queue", "main")));
        Assert.Equal(10, first.Value("test_downloaded_total"));
        Assert.Equal(7, Assert.Single(second.Of("test_queue_depth")).Value);
        Assert.Equal("dead-letter", Assert.Single(second.Of("test_queue_depth")).Labels["queue"]);
        Assert.Equal(25, second.Value("test_downloaded_total"));
        Assert.Contains(("test_downloaded_total", "counter"), second.Types);
        Assert.Contains(("test_queue_depth", "gauge"), second.Types);
    }

    [Fact]
    public void A_failing_observable_callback_leaves_the_other_metrics_on_the_page()
    {
        _meter.CreateObservableGauge<long>("test_broken", (Func<long>)(() => throw new InvalidOperationException("queue client disposed")));
        _meter.CreateObservableGauge("test_working", () => 42L);
        _meter.CreateCounter<long>("test_counted_total").Add(1);

        var text = new StringWriter();
        _exporter.WriteTo(text);

        var lines = text.ToString().Split('\n');
        Assert.Contains("# observable instrument callback failed: queue client disposed", lines);
        var rest = string.Join('\n', lines.Where(l => !l.StartsWith("# observable", StringComparison.Ordinal)));
        var scraped = ExpositionText.Parse(rest);
        Assert.Equal(42, scraped.Value("test_working"));
        Assert.Equal(1, scraped.Value("test_counted_total"));
        Assert.Empty(scraped.Of("test_broken"));
    }

    [Fact]
    public void Special_values_use_the_spellings_prometheus_expects()
    {
        var gauge = _meter.CreateGauge<double>("test_ratio");
        gauge.Record(double.NaN, new KeyValuePair<string, object?>("kind", "nan"));
        gauge.Record(double.PositiveInfinity, new KeyValuePair<string, object?>("kind", "up"));
        gauge.Record(double.NegativeInfinity, new KeyValuePair<string, object?>("kind", "down"));
        gauge.Record(1.0e-7, new KeyValuePair<string, object?>("kind", "tiny"));

        var text = new StringWriter();
        _exporter.WriteTo(text);

        Assert.Contains("test_ratio{kind=\"nan\"} NaN\n", text.ToString());
        Assert.Contains("test_ratio{kind=\"up\"} +Inf\n", text.ToString());
        Assert.Contains("test_ratio{kind=\"down\"} -Inf\n", text.ToString());
        Assert.Equal(1.0e-7, ExpositionText.Parse(text.ToString()).Value("test_ratio", ("kind", "tiny")));
    }

    [Fact]
    public void Names_prometheus_rejects_are_made_valid()
    {
        var counter = _meter.CreateCounter<int>("test.http-requests");
        counter.Add(2, new KeyValuePair<string, object?>("http.method", "GET"));

        var sample = Assert.Single(Scrape().Samples);
        Assert.Equal("test_http_requests", sample.Name);
        Assert.Equal("GET", sample.Labels["http_method"]);
    }

    [Fact]
    public void Recording_on_a_seen_tag_set_allocates_nothing()
    {
        var counter = _meter.CreateCounter<long>("test_hot_total");
        var histogram = _meter.CreateHistogram<double>("test_hot_seconds");
        var logType = new KeyValuePair<string, object?>("log_type", "AWS.CloudTrail");
        var status = new KeyValuePair<string, object?>("status", "ok");
        for (var i = 0; i < 1_000; i++)
        {
            counter.Add(1, logType, status);
            histogram.Record(0.01, logType);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, logType, status);
            histogram.Record(0.01, logType);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task WriteAsync_writes_the_same_exposition_as_utf8_without_a_bom()
    {
        var counter = _meter.CreateCounter<long>("test_written_total");
        counter.Add(3, new KeyValuePair<string, object?>("output", "slack→ops"));

        using var stream = new MemoryStream();
        await _exporter.WriteAsync(stream);
        var text = new StringWriter();
        _exporter.WriteTo(text);

        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(text.ToString(), Encoding.UTF8.GetString(bytes));
        Assert.Equal(3, ExpositionText.Parse(Encoding.UTF8.GetString(bytes)).Value("test_written_total", ("output", "slack→ops")));
    }
}

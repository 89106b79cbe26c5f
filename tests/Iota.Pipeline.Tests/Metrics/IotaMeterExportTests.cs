using System.Diagnostics.Metrics;
using Iota.Pipeline.Metrics;

namespace Iota.Pipeline.Tests.Metrics;

public class IotaMeterExportTests
{
    [Fact]
    public void Every_meter_named_iota_is_exported_including_ones_created_later()
    {
        using var exporter = new PrometheusExporter();
        // The engine's meter: same name, separate instance, created after the exporter started.
        using var engineMeter = new Meter(IotaMetrics.MeterName);
        var suffix = Guid.NewGuid().ToString("N");
        var rulesEvaluated = engineMeter.CreateCounter<long>($"iota_rules_evaluated_{suffix}_total", description: "Rules evaluated.");

        rulesEvaluated.Add(5, new("rule_id", "AWS.Root.Login"), new("result", "match"));
        IotaMetrics.AlertsForwarded.Add(2, new("output", $"webhook-{suffix}"), new("status", "ok"));
        IotaMetrics.EventProcessingSeconds.Record(0.02, new KeyValuePair<string, object?>("probe", suffix));

        var text = new StringWriter();
        exporter.WriteTo(text);
        var scraped = ExpositionText.Parse(text.ToString());

        Assert.Equal(5, scraped.Value($"iota_rules_evaluated_{suffix}_total", ("rule_id", "AWS.Root.Login"), ("result", "match")));
        Assert.Equal(2, scraped.Value("iota_alerts_forwarded_total", ("output", $"webhook-{suffix}"), ("status", "ok")));
        Assert.Contains(("iota_alerts_forwarded_total", "Alert deliveries attempted, by output and outcome."), scraped.Help);
        Assert.Contains(("iota_event_processing_seconds", "histogram"), scraped.Types);
        Assert.Equal(1, scraped.Value("iota_event_processing_seconds_bucket", ("probe", suffix), ("le", "0.025")));
        Assert.Equal(0, scraped.Value("iota_event_processing_seconds_bucket", ("probe", suffix), ("le", "0.01")));
        Assert.Single(scraped.Types, t => t.Metric == "iota_alerts_forwarded_total");
    }

    [Fact]
    public void Same_named_instruments_on_two_iota_meters_share_one_metric()
    {
        using var exporter = new PrometheusExporter();
        using var first = new Meter(IotaMetrics.MeterName);
        using var second = new Meter(IotaMetrics.MeterName);
        var name = $"iota_rule_reloads_{Guid.NewGuid():N}_total";
        first.CreateCounter<long>(name, description: "Rule reloads.").Add(1, new KeyValuePair<string, object?>("result", "ok"));
        second.CreateCounter<long>(name, description: "Rule reloads.").Add(2, new KeyValuePair<string, object?>("result", "ok"));

        var text = new StringWriter();
        exporter.WriteTo(text);
        var scraped = ExpositionText.Parse(text.ToString());

        Assert.Single(scraped.Types, t => t.Metric == name);
        Assert.Equal(3, scraped.Value(name, ("result", "ok")));
    }
}

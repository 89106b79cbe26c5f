using System.Diagnostics.Metrics;

namespace Iota.Pipeline.Metrics;

/// <summary>
/// The pipeline's instruments, on the process-wide meter named <see cref="MeterName"/>. The engine keeps
/// its own meter of the same name (rules evaluated, rule errors, reloads); a <see cref="PrometheusExporter"/>
/// exports both. Label names are part of each metric's contract with dashboards and alerts.
/// </summary>
public static class IotaMetrics
{
    public const string MeterName = "Iota";

    public static Meter Meter { get; } = new(MeterName);

    /// <summary>Labels: <c>log_type</c>, <c>status</c>.</summary>
    public static Counter<long> EventsProcessed { get; } = Meter.CreateCounter<long>(
        "iota_events_processed_total", description: "Events read and classified, by log type and outcome.");

    /// <summary>Seconds from reading an event to finishing its rules.</summary>
    public static Histogram<double> EventProcessingSeconds { get; } = Meter.CreateHistogram<double>(
        "iota_event_processing_seconds", unit: "s", description: "Time to process one event, in seconds.");

    /// <summary>Labels: <c>rule_id</c>, <c>severity</c>.</summary>
    public static Counter<long> AlertsGenerated { get; } = Meter.CreateCounter<long>(
        "iota_alerts_generated_total", description: "Alerts created or updated by rule matches, by rule and severity.");

    /// <summary>Labels: <c>output</c>, <c>status</c>.</summary>
    public static Counter<long> AlertsForwarded { get; } = Meter.CreateCounter<long>(
        "iota_alerts_forwarded_total", description: "Alert deliveries attempted, by output and outcome.");

    /// <summary>Labels: <c>status</c>.</summary>
    public static Counter<long> SqsMessagesProcessed { get; } = Meter.CreateCounter<long>(
        "iota_sqs_messages_processed_total", description: "SQS messages handled, by outcome.");

    public static Counter<long> S3ObjectsDownloaded { get; } = Meter.CreateCounter<long>(
        "iota_s3_objects_downloaded_total", description: "S3 objects downloaded.");

    public static Counter<long> S3BytesDownloaded { get; } = Meter.CreateCounter<long>(
        "iota_s3_bytes_downloaded_total", unit: "By", description: "Bytes downloaded from S3.");

    public static Counter<long> DuplicateEvents { get; } = Meter.CreateCounter<long>(
        "iota_duplicate_events_total", description: "Events dropped because the event filter had already seen them.");
}

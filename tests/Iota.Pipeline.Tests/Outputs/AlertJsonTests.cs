using System.Text.Json;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.Tests.Support;
using Iota.Sdk;

namespace Iota.Pipeline.Tests.Outputs;

public sealed class AlertJsonTests
{
    [Fact]
    public void An_alert_is_one_line_with_context_and_event_embedded_as_json()
    {
        var text = AlertJson.Serialize(SampleAlerts.Alert());

        Assert.DoesNotContain('\n', text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(
            ["alert_id", "rule_id", "title", "severity", "dedup", "log_type", "event_time", "alert_context", "event", "count", "first_seen", "last_seen"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("HIGH", json.GetProperty("severity").GetString());
        Assert.Equal("203.0.113.7", json.GetProperty("alert_context").GetProperty("ip").GetString());
        Assert.Equal("arn:aws:iam::123456789012:root", json.GetProperty("event").GetProperty("userIdentity").GetProperty("arn").GetString());
        Assert.Equal(3, json.GetProperty("count").GetInt64());
        Assert.Equal("2026-03-01T12:00:00.000Z", json.GetProperty("first_seen").GetString());
        Assert.Equal("2026-03-01T12:05:00.000Z", json.GetProperty("last_seen").GetString());
    }

    [Theory]
    [InlineData(Severity.Info, "INFO")]
    [InlineData(Severity.Low, "LOW")]
    [InlineData(Severity.Medium, "MEDIUM")]
    [InlineData(Severity.Critical, "CRITICAL")]
    public void Severities_are_upper_case(Severity severity, string expected) =>
        Assert.Equal(expected, JsonDocument.Parse(AlertJson.Serialize(SampleAlerts.Alert(severity))).RootElement.GetProperty("severity").GetString());

    [Fact]
    public void Missing_context_is_null_and_broken_context_is_kept_as_a_string()
    {
        var none = JsonDocument.Parse(AlertJson.Serialize(SampleAlerts.Alert(context: null))).RootElement;
        var broken = JsonDocument.Parse(AlertJson.Serialize(SampleAlerts.Alert(context: "{not json"))).RootElement;

        Assert.Equal(JsonValueKind.Null, none.GetProperty("alert_context").ValueKind);
        Assert.Equal("{not json", broken.GetProperty("alert_context").GetString());
    }
}

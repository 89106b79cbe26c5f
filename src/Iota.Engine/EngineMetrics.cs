using System.Diagnostics.Metrics;

namespace Iota.Engine;

/// <summary>
/// The engine's instruments, on a meter named "Iota" like the pipeline's, so one exporter publishes both.
/// Recording costs next to nothing when no listener is attached (as in <c>iota run</c>).
/// </summary>
public static class EngineMetrics
{
    /// <summary>The meter name every Iota instrument uses.</summary>
    public const string MeterName = "Iota";

    private static readonly Meter Meter = new(MeterName);

    /// <summary><c>iota_rules_evaluated_total{rule_id,result}</c>: result is match, no_match or error.</summary>
    public static readonly Counter<long> RulesEvaluated =
        Meter.CreateCounter<long>("iota_rules_evaluated_total", description: "Rule evaluations by rule and result.");

    /// <summary><c>iota_rule_errors_total{rule_id}</c>.</summary>
    public static readonly Counter<long> RuleErrors =
        Meter.CreateCounter<long>("iota_rule_errors_total", description: "Rule evaluations that threw, by rule.");

    /// <summary><c>iota_rule_reloads_total{result}</c>: result is success or failure.</summary>
    public static readonly Counter<long> RuleReloads =
        Meter.CreateCounter<long>("iota_rule_reloads_total", description: "Rule set reloads by result.");
}

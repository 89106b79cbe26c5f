using Microsoft.Extensions.Logging;

namespace Iota.Cli.Serve;

/// <summary><c>iota serve</c>'s own log events.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving in {Mode} mode: {Rules} rules, {LoadErrors} rule load errors, state in {State}, listening on http://{Listen}")]
    public static partial void Started(ILogger logger, string mode, int rules, int loadErrors, string state, string listen);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rule load error: {Error}")]
    public static partial void RuleLoadError(ILogger logger, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Rules reloaded: {Rules} rules, {LoadErrors} load errors")]
    public static partial void RulesReloaded(ILogger logger, int rules, int loadErrors);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Rule {RuleId} failed: {Error} (further failures are counted)")]
    public static partial void RuleFailed(ILogger logger, string ruleId, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Output {Output} failed alert {AlertId}; it stays queued: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, string output, string alertId, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Stopping: finishing work in flight (grace period {Grace})")]
    public static partial void Stopping(ILogger logger, TimeSpan grace);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Stopped: state saved; {Pending} alert deliveries still queued for the next start")]
    public static partial void Stopped(ILogger logger, int pending);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void Warning(ILogger logger, string message);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Processed {Path}: {Events} events, {Alerts} new alerts")]
    public static partial void FileProcessed(ILogger logger, string path, int events, int alerts);

    [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "Ingestion stopped unexpectedly")]
    public static partial void IngestionCrashed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Integration {Label} is INACTIVE: no events for more than {QuietLimit}")]
    public static partial void IntegrationQuiet(ILogger logger, string label, TimeSpan quietLimit);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Output {Output} is failing; its alerts wait {Pause} before one of them tries it again")]
    public static partial void OutputPaused(ILogger logger, string output, TimeSpan pause);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Output {Output} cannot read or update its alert queue in the state database ({Error}); trying again in {Pause}")]
    public static partial void QueueUnavailable(ILogger logger, string output, string error, TimeSpan pause);
}

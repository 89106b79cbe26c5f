using System.Text.Json.Serialization;
using Iota.Pipeline.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Iota.Cli.Serve;

/// <summary>
/// The generic host behind <c>iota serve</c>: the ingestion service, and on one port <c>/health</c> (the process
/// answers), <c>/ready</c> (dependencies really checked; 503 with reasons) and <c>/metrics</c> (Prometheus text).
/// Logs are JSON lines on stderr; SIGTERM and Ctrl+C stop it within the grace period.
/// </summary>
internal static class ServeHost
{
    public static async Task RunAsync(ServeRuntime runtime)
    {
        var settings = runtime.Settings;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            options.UseUtcTimestamp = true;
        });
        builder.Logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.Listen));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = settings.GracePeriod + TimeSpan.FromSeconds(1));
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ServeJsonContext.Default));
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ReadinessProbe>();
        builder.Services.AddHostedService<IngestionService>();

        await using var app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok\n"));
        app.MapGet("/ready", async (ReadinessProbe probe, CancellationToken aborted) =>
        {
            var report = await probe.CheckAsync(aborted).ConfigureAwait(false);
            return Results.Json(report, ServeJsonContext.Default.ReadinessReport, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            await runtime.Metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Iota.Serve");
        var rules = runtime.Engine.Current;
        ServeLog.Started(logger, ServeSettings.ModeName(settings.Mode), rules.Rules.Count, rules.LoadErrors.Count, Path.GetFullPath(settings.State), settings.Listen.ToString());
        foreach (var error in rules.LoadErrors)
        {
            ServeLog.RuleLoadError(logger, error.ToString());
        }

        await app.RunAsync().ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class ServeJsonContext : JsonSerializerContext;

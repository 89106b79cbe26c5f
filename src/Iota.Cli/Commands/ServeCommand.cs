using System.CommandLine;
using Iota.Cli.Internal;
using Iota.Cli.Serve;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Pipeline;
using Iota.Pipeline.State;

namespace Iota.Cli.Commands;

/// <summary>
/// <c>iota serve --mode sqs|eventbridge|s3-poll|watch ...</c>: the long-running process. Every flag has a
/// config-file key and an <c>IOTA_*</c> environment variable (see <see cref="ServeSettings"/>).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var mode = new Option<string?>("--mode") { Description = "Where CloudTrail comes from: sqs, eventbridge, s3-poll or watch." };
        mode.AcceptOnlyFromAmong("sqs", "eventbridge", "s3-poll", "watch");
        var rules = CommonOptions.Rules();
        var outputs = CommonOptions.Outputs();
        var config = new Option<string?>("--config") { Description = "A JSON config file: \"outputs\" as for iota run, serve settings under \"serve\" (see README)." };
        var flags = new (Option<string?> Option, string Key)[]
        {
            (mode, "mode"),
            (Text("--sqs-queue-url", "Queue of S3 notifications or EventBridge envelopes (sqs, eventbridge)."), "sqs_queue_url"),
            (Text("--s3-bucket", "Bucket to poll (s3-poll)."), "s3_bucket"),
            (Text("--s3-prefix", "Key prefix to poll, e.g. AWSLogs/111122223333/CloudTrail/ (s3-poll)."), "s3_prefix"),
            (Text("--endpoint-url", "An S3/SQS/STS-compatible endpoint for every service (an emulator, VPC endpoints)."), "endpoint_url"),
            (Text("--sqs-endpoint-url", "SQS endpoint, overriding --endpoint-url."), "sqs_endpoint_url"),
            (Text("--s3-endpoint-url", "S3 endpoint, overriding --endpoint-url (path-style addressing)."), "s3_endpoint_url"),
            (Text("--region", "AWS region (default: AWS_REGION, or from the queue URL)."), "region"),
            (Text("--state", "State directory: alerts, dedup, resume points (default ./.iota)."), "state"),
            (Text("--listen", "HOST:PORT for /health, /ready and /metrics (default 0.0.0.0:8080)."), "listen"),
            (Text("--watch-dir", "Folder to watch (watch)."), "watch_dir"),
            (Text("--poll-interval", "Pause between bucket listings, e.g. 60s (s3-poll; default 1m)."), "poll_interval"),
            (Text("--download-workers", "Objects downloaded at once (default 5)."), "download_workers"),
            (Text("--process-workers", "Objects processed at once (default: one per core)."), "process_workers"),
            (Text("--max-receives", "Receives after which a failing message is left for the queue's dead-letter policy (default 5)."), "max_receives"),
            (Text("--visibility-timeout", "Visibility asked for and renewed while a message is processed (default 60s)."), "visibility_timeout"),
            (Text("--inactive-after", "An integration with no events for this long is marked INACTIVE (default 24h)."), "inactive_after"),
            (Text("--grace-period", "Time allowed on SIGTERM to finish work in flight and flush state (default 30s)."), "grace_period"),
            (Text("--lake", "Also write every new event to this lake: a folder or s3://bucket/prefix."), "lake"),
            (Text("--python-workers", "python3 worker processes for Python rules (default: one per core)."), "python_workers"),
        };
        var command = new Command("serve", "Run continuously: read CloudTrail from SQS, EventBridge, S3 or a folder; serve /health, /ready and /metrics.");
        foreach (var (option, _) in flags)
        {
            command.Options.Add(option);
        }

        command.Options.Add(rules);
        command.Options.Add(outputs);
        command.Options.Add(config);

        // A synchronous action on purpose: System.CommandLine then installs no SIGTERM handler of its own, so the
        // host's console lifetime owns shutdown and its grace period is not cut short by the parser's timeout.
        command.SetAction(parse =>
        {
            var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (option, key) in flags)
            {
                given[key] = parse.GetValue(option);
            }

            string[] ruleFolders = parse.GetValue(rules) ?? [];
            for (int i = 0; i < ruleFolders.Length; i++)
            {
                given[$"rules:{i}"] = ruleFolders[i];
            }

            return Run(parse.GetValue(config), parse.GetValue(outputs) ?? [], given);
        });
        return command;
    }

    private static Option<string?> Text(string name, string description) => new(name) { Description = description };

    private static int Run(string? configFile, string[] outputSpecs, Dictionary<string, string?> flags)
    {
        ServeSettings settings;
        try
        {
            var configuration = ServeConfiguration.Build(configFile, Environment.GetEnvironmentVariables(), flags);
            settings = ServeSettings.From(configuration, ServeConfiguration.Outputs(configFile, outputSpecs), CliPaths.RuleFolders(null));
        }
        catch (IotaConfigException error)
        {
            Stderr.Line($"iota serve: {error.Message}");
            return ExitCodes.Usage;
        }

        _ = RuleLoader.WarmUpCompilerAsync();
        RuleSet rules = RuleLoader.Load(settings.RuleFolders);
        PythonRuleHost? python = null;
        ServeRuntime runtime;
        try
        {
            StateDatabase.CreateDirectory(settings.State);
            python = PythonRules.StartAsync(rules, settings.State, CancellationToken.None, settings.PythonWorkers).GetAwaiter().GetResult();
            runtime = new ServeRuntime(settings, rules, python, message => Stderr.Line($"iota: {message}"));
        }
        catch (Exception error) when (error is StateUnavailableException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            python?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            rules.Dispose();
            Stderr.Line(error is StateUnavailableException ? $"iota serve: {error.Message}" : $"iota serve: cannot start: {error.Message}");
            return ExitCodes.Usage;
        }

        using (runtime)
        {
            ServeHost.RunAsync(runtime).GetAwaiter().GetResult();
        }

        python?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return Environment.ExitCode;
    }
}

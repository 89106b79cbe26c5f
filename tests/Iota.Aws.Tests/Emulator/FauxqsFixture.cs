using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Iota.Aws.Sqs;

namespace Iota.Aws.Tests.Emulator;

/// <summary>
/// Runs the fauxqs S3/SQS/SNS emulator (pinned in tests/emulator/package.json) as a child process on a
/// free loopback port for the lifetime of a test collection. SQS (JSON 1.0), SNS (query protocol) and
/// path-style S3 all answer on <see cref="ServiceUrl"/>.
/// </summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";

    /// <summary>fauxqs never checks credentials; explicit keys keep the tests independent of the machine.</summary>
    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("test", "test");

    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);
    private readonly StringBuilder output = new();
    private Process? process;

    public string ServiceUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var emulatorDirectory = Path.Combine(RepositoryRoot(), "tests", "emulator");
        var cli = Path.Combine(emulatorDirectory, "node_modules", "fauxqs", "dist", "cli.js");
        if (!File.Exists(cli))
        {
            await InstallAsync(emulatorDirectory).ConfigureAwait(false);
        }

        // Another process can take the free port between probing and binding; fauxqs then exits, and
        // a fresh port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            if (await TryStartAsync(cli, port).ConfigureAwait(false))
            {
                ServiceUrl = $"http://127.0.0.1:{port}";
                return;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"fauxqs did not start; its output:\n{Output()}");
            }
        }
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    public SqsClient CreateSqsClient() => new(Credentials, new SqsClientConfig
    {
        ServiceUrl = ServiceUrl,
        RegionEndpoint = RegionEndpoint.GetBySystemName(Region),
    });

    public AmazonS3Client CreateS3Client() => new(Credentials, new AmazonS3Config
    {
        ServiceURL = ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = Region,
    });

    /// <summary>Creates a queue with a unique name and returns its URL.</summary>
    public async Task<string> CreateQueueAsync(string prefix = "queue")
    {
        using var sqs = CreateSqsClient();
        var response = await sqs.CreateQueueAsync(new CreateQueueRequest(UniqueName(prefix))).ConfigureAwait(false);
        return response.QueueUrl ?? throw new InvalidOperationException("fauxqs CreateQueue returned no QueueUrl.");
    }

    /// <summary>Creates a bucket with a unique name and returns the name.</summary>
    public async Task<string> CreateBucketAsync(string prefix = "bucket")
    {
        var name = UniqueName(prefix);
        using var s3 = CreateS3Client();
        await s3.PutBucketAsync(name).ConfigureAwait(false);
        return name;
    }

    /// <summary>Tests share one emulator, so every resource gets its own name; valid for queues and buckets.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Iota.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Iota.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }

    // A fresh clone has no node_modules; `npm ci` installs exactly the committed lock file.
    private static async Task InstallAsync(string emulatorDirectory)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = emulatorDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync().ConfigureAwait(false);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`npm ci` in {emulatorDirectory} failed with exit code {npm.ExitCode}:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> TryStartAsync(string cli, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(cli);
        start.Environment["FAUXQS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FAUXQS_LOGGER"] = "false";
        start.Environment["FAUXQS_DEFAULT_REGION"] = Region;

        var started = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process = started;
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri($"http://127.0.0.1:{port}/health");
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartupLimit)
        {
            if (started.HasExited)
            {
                Stop();
                return false;
            }

            try
            {
                using var response = await http.GetAsync(health).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Node is still loading modules on a busy machine.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        Stop();
        throw new InvalidOperationException($"fauxqs did not answer on port {port} within {StartupLimit}; its output:\n{Output()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private void Stop()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        process = null;
    }
}

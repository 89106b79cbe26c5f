using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Iota.Cli.Tests.Serve;

/// <summary>
/// <c>iota serve</c> as a real child process (<c>dotnet iota.dll serve ...</c>) with dummy AWS credentials,
/// its HTTP port on 127.0.0.1 and its stderr (JSON log lines) captured.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ServeProcess Start(params string[] arguments)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "iota.dll"));
        start.ArgumentList.Add("serve");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--listen");
        start.ArgumentList.Add($"127.0.0.1:{port}");
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var serve = new ServeProcess(process, port);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (serve._stderr)
                {
                    serve._stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return serve;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with the process's log if it never does.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await condition())
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"iota serve exited ({_process.ExitCode}) before {what}; its log:\n{Stderr}");
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"gave up waiting for {what}; iota serve's log:\n{Stderr}");
    }

    public Task WaitForLogAsync(string text) =>
        WaitUntilAsync(() => Task.FromResult(Stderr.Contains(text, StringComparison.Ordinal)), $"a log line containing '{text}'");

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits for the HTTP port to answer <c>/health</c>.</summary>
    public Task WaitForHttpAsync() => WaitUntilAsync(
        async () =>
        {
            try
            {
                return (await GetAsync("/health")).Status == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        },
        "/health to answer");

    /// <summary>SIGTERM, as Kubernetes sends; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end by itself, as after a start-up error; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var deadline = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _http.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

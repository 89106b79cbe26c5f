using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Iota.Engine.Python.Internal;

/// <summary>What every worker of a pool is started with.</summary>
internal sealed record WorkerLaunch(
    string PythonExecutable,
    string WorkerScript,
    IReadOnlyDictionary<string, string> Environment,
    Action<string>? Output);

/// <summary>One <c>python3 iota_worker.py</c> process and the frame conversation with it. Used by one caller at a time.</summary>
internal sealed class PythonWorker : IDisposable
{
    private const int StderrTailLines = 20;

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly ConcurrentQueue<string> _stderrTail;

    private PythonWorker(Process process, ConcurrentQueue<string> stderrTail)
    {
        _process = process;
        _stderrTail = stderrTail;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
    }

    public int ProcessId => _process.Id;

    public static PythonWorker Start(WorkerLaunch launch)
    {
        var startInfo = new ProcessStartInfo(launch.PythonExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(launch.WorkerScript)!,
        };
        startInfo.ArgumentList.Add(launch.WorkerScript);
        startInfo.Environment.Clear();
        foreach (var (name, value) in launch.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var stderrTail = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            // The last lines explain a crash (a traceback, an os._exit message) in the error the pool reports.
            stderrTail.Enqueue(e.Data);
            while (stderrTail.Count > StderrTailLines && stderrTail.TryDequeue(out var _))
            {
            }

            launch.Output?.Invoke(e.Data);
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start Python worker '{launch.PythonExecutable}': {e.Message}", e);
        }

        process.BeginErrorReadLine();
        return new PythonWorker(process, stderrTail);
    }

    /// <summary>
    /// Sends one request and waits for its answer. A timeout kills the process: that is the only way to stop a rule
    /// stuck in Python, and closing the pipe is also what unblocks the pending read.
    /// </summary>
    public async Task<JsonDocument> RequestAsync(ReadOnlyMemory<byte> request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        byte[]? response = null;
        Exception? ioFailure = null;
        using (linked.Token.Register(Kill))
        {
            try
            {
                await WorkerFrames.WriteAsync(_stdin, request, CancellationToken.None).ConfigureAwait(false);
                response = await WorkerFrames.ReadAsync(_stdout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidDataException)
            {
                ioFailure = e;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (timeoutSource.IsCancellationRequested)
        {
            throw new WorkerFailedException($"Python worker {ProcessId} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was killed");
        }

        if (response is null)
        {
            throw new WorkerFailedException(await DescribeExitAsync().ConfigureAwait(false), ioFailure ?? new EndOfStreamException());
        }

        try
        {
            return JsonDocument.Parse(response);
        }
        catch (JsonException e)
        {
            Kill();
            throw new WorkerFailedException($"Python worker {ProcessId} sent a frame that is not JSON", e);
        }
    }

    /// <summary>Asks the worker to exit, then kills it if it has not within the grace period.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        try
        {
            using var request = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(request))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "shutdown");
                writer.WriteEndObject();
            }

            using var graceSource = new CancellationTokenSource(grace);
            await WorkerFrames.WriteAsync(_stdin, request.ToArray(), graceSource.Token).ConfigureAwait(false);
            await _process.WaitForExitAsync(graceSource.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The worker is already gone or will not go quietly; either way it is killed below.
        }

        Kill();
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private async Task<string> DescribeExitAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }

        var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
        var tail = string.Join(" | ", _stderrTail);
        return tail.Length == 0
            ? $"Python worker {ProcessId} exited (code {code})"
            : $"Python worker {ProcessId} exited (code {code}); last stderr: {tail}";
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

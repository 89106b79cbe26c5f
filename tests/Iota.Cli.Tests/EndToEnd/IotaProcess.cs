using System.Diagnostics;

namespace Iota.Cli.Tests.EndToEnd;

/// <summary>
/// Runs the real <c>iota</c> CLI (the built src/Iota.Cli output, with its bundled rules/) as a child process,
/// with its own compile cache, and captures exit code, stdout and stderr.
/// </summary>
internal static class IotaProcess
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string IotaDll { get; } = FindIotaDll();

    public static Result Run(string workingDirectory, string cacheDirectory, params string[] args) =>
        RunWith(new Dictionary<string, string>(), workingDirectory, cacheDirectory, args);

    /// <summary>As <see cref="Run"/>, with extra environment variables for the child.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, string workingDirectory, string cacheDirectory, params string[] args) =>
        Execute(new ProcessStartInfo(DotnetHost), environment, workingDirectory, cacheDirectory, args);

    /// <summary>
    /// As <see cref="Run"/>, with every file the child writes limited to <paramref name="kilobytes"/> KiB, as under
    /// <c>ulimit -f</c>: a write past it fails with EFBIG (SIGXFSZ is ignored, as a server's supervisor would).
    /// This fails the state database, the seen-events filter and the compile cache mid-run without privileges.
    /// </summary>
    public static Result RunWithFileSizeLimit(long kilobytes, string workingDirectory, string cacheDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"trap '' XFSZ; ulimit -f {kilobytes}; exec \"$0\" \"$@\"");
        start.ArgumentList.Add(DotnetHost);

        // The runtime's W^X double mapping sizes a memory file past any small limit; without it the runtime starts.
        return Execute(start, new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" }, workingDirectory, cacheDirectory, args);
    }

    /// <summary>
    /// As <see cref="Run"/>, sending the child SIGTERM (what Ctrl-C's cancellation and Kubernetes send) once
    /// <paramref name="when"/> completes; it is given the child's first stdout line (null if there is none).
    /// </summary>
    public static Result RunTerminated(Func<Task<string?>, Task> when, string workingDirectory, string cacheDirectory, params string[] args) =>
        Execute(new ProcessStartInfo(DotnetHost), new Dictionary<string, string>(), workingDirectory, cacheDirectory, args, when);

    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static Result Execute(
        ProcessStartInfo start,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        string cacheDirectory,
        string[] args,
        Func<Task<string?>, Task>? terminateWhen = null)
    {
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add(IotaDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["IOTA_CACHE_DIR"] = cacheDirectory;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var firstLine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string> stdout = terminateWhen is null ? process.StandardOutput.ReadToEndAsync() : ReadLines(process, firstLine);
        Task terminating = terminateWhen is null ? Task.CompletedTask : Terminate(process, terminateWhen(firstLine.Task));
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(HangGuard))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"iota {string.Join(' ', args)} did not exit; stderr so far: {(stderr.IsCompleted ? stderr.Result : "")}");
        }

        process.WaitForExit();
        if (terminating.IsFaulted)
        {
            terminating.GetAwaiter().GetResult();
        }

        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static async Task<string> ReadLines(Process process, TaskCompletionSource<string?> firstLine)
    {
        var text = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            firstLine.TrySetResult(line);
            text.Append(line).Append('\n');
        }

        firstLine.TrySetResult(null);
        return text.ToString();
    }

    private static async Task Terminate(Process process, Task when)
    {
        await when;
        if (process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Iota.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Iota.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The CLI project's own output (it has the bundled rules/ beside it), in this test build's configuration.</summary>
    private static string FindIotaDll()
    {
        // AppContext.BaseDirectory is …/tests/Iota.Cli.Tests/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = output.Name;
        string configuration = output.Parent!.Name;
        string cli = Path.Combine(RepositoryRoot, "src", "Iota.Cli", "bin", configuration, tfm, "iota.dll");
        Assert.True(File.Exists(cli), $"the CLI was not built at {cli}");
        return cli;
    }

    internal sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }
}

using Iota.Cli.Tests.Commands;

namespace Iota.Cli.Tests.Serve;

/// <summary><c>iota serve</c> refusing to start, and saying why, when its state directory cannot be used.</summary>
public sealed class ServeStartupTests : IDisposable
{
    private readonly TempStateDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("file", "it is a file, not a folder")]
    [InlineData("damaged", "state.db is damaged or not a SQLite database")]
    public async Task A_state_directory_that_cannot_be_used_stops_serve_at_start_naming_it(string kind, string cause)
    {
        string logs = Path.Combine(_work.Path, "logs");
        Directory.CreateDirectory(logs);
        string state = Path.Combine(_work.Path, "state");
        if (kind == "file")
        {
            await File.WriteAllTextAsync(state, "not a folder");
        }
        else
        {
            Directory.CreateDirectory(state);
            await File.WriteAllTextAsync(Path.Combine(state, "state.db"), "this was never a SQLite database, but it is long enough to have a header");
        }

        using var serve = ServeProcess.Start(
            "--mode", "watch", "--watch-dir", logs, "--rules", CloudTrailFixtures.WriteRuleFolder(_work.Path), "--state", state);
        int exitCode = await serve.WaitForExitAsync();

        Assert.True(exitCode == 1, serve.Stderr);
        Assert.Contains($"iota serve: cannot use the state directory {state}: {cause}", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
    }
}

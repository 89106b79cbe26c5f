namespace Iota.Cli.Tests.Commands;

/// <summary>A state directory path under the temp folder (not created: commands create it), removed afterwards.</summary>
public sealed class TempStateDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "iota-cli-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

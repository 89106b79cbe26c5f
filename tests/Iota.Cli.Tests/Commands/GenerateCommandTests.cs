using System.IO.Compression;
using System.Text.Json;
using Iota.Cli.Commands;

namespace Iota.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("iota-generate-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Writes_gzip_cloudtrail_files_and_prints_the_summary()
    {
        string outDir = Path.Combine(_root.FullName, "corpus");

        var (exitCode, output, error) = CommandRunner.Run(GenerateCommand.Create(),
            "generate", "cloudtrail", outDir, "--files", "3", "--events-per-file", "40", "--seed", "5");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.StartsWith("files 3, events 120 (", output, StringComparison.Ordinal);
        string[] files = Directory.GetFiles(Path.Combine(outDir, "AWSLogs"), "*.json.gz", SearchOption.AllDirectories);
        Assert.Equal(3, files.Length);
        using var gzip = new GZipStream(File.OpenRead(files[0]), CompressionMode.Decompress);
        using JsonDocument document = JsonDocument.Parse(gzip);
        Assert.Equal(40, document.RootElement.GetProperty("Records").GetArrayLength());
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes()
    {
        string first = Path.Combine(_root.FullName, "a");
        string second = Path.Combine(_root.FullName, "b");

        CommandRunner.Run(GenerateCommand.Create(), "generate", "cloudtrail", first, "--files", "2", "--events-per-file", "25", "--seed", "9");
        CommandRunner.Run(GenerateCommand.Create(), "generate", "cloudtrail", second, "--files", "2", "--events-per-file", "25", "--seed", "9");

        string[] a = [.. Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(first, p)).Order(StringComparer.Ordinal)];
        string[] b = [.. Directory.GetFiles(second, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(second, p)).Order(StringComparer.Ordinal)];
        Assert.Equal(a, b);
        Assert.All(a, name => Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name))));
    }

    [Fact]
    public void Rejects_zero_events_per_file()
    {
        var (exitCode, _, error) = CommandRunner.Run(GenerateCommand.Create(),
            "generate", "cloudtrail", Path.Combine(_root.FullName, "x"), "--files", "1", "--events-per-file", "0");

        Assert.Equal(1, exitCode);
        Assert.Contains("--events-per-file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_that_is_a_file_is_named_instead_of_a_stack_trace()
    {
        string file = Path.Combine(_root.FullName, "a-file");
        File.WriteAllText(file, "not a folder");

        var (exitCode, output, error) = CommandRunner.Run(GenerateCommand.Create(),
            "generate", "cloudtrail", file, "--files", "4", "--events-per-file", "5");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"{file}: cannot write the corpus: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}

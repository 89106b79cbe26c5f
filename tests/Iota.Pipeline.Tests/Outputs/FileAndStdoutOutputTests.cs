using System.Text.Json;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.Tests.Support;

namespace Iota.Pipeline.Tests.Outputs;

public sealed class FileAndStdoutOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_file_output_appends_one_json_line_per_alert()
    {
        var path = Path.Combine(_dir.Path, "out", "alerts.jsonl");
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "unrelated.txt"), "x");
        var output = new FileOutput(path);

        await output.SendAsync(SampleAlerts.Alert() with { AlertId = "a1" }, CancellationToken.None);
        await new FileOutput(path).SendAsync(SampleAlerts.Alert() with { AlertId = "a2" }, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(["a1", "a2"], lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("alert_id").GetString()));
        Assert.Equal("file", output.Name);
    }

    [Fact]
    public async Task The_stdout_output_writes_the_same_json_line_to_its_writer()
    {
        using var writer = new StringWriter();
        var alert = SampleAlerts.Alert();

        await new StdoutOutput(writer).SendAsync(alert, CancellationToken.None);

        Assert.Equal(AlertJson.Serialize(alert) + Environment.NewLine, writer.ToString());
    }
}

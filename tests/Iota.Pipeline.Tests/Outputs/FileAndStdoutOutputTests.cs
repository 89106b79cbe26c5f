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

    [Fact]
    public async Task A_stop_that_arrives_while_a_line_is_written_still_lets_that_line_out_whole()
    {
        // The forwarder stops its background loop by cancelling; if the send then threw after the write, the outbox
        // would keep the alert and the drain that follows would print it a second time.
        using var stop = new CancellationTokenSource();
        using var writer = new CancellingWriter(stop);
        var alert = SampleAlerts.Alert();

        await new StdoutOutput(writer).SendAsync(alert, stop.Token);

        Assert.True(stop.IsCancellationRequested);
        Assert.Equal(AlertJson.Serialize(alert) + Environment.NewLine, writer.Flushed);
    }

    /// <summary>A writer whose token is cancelled once a line is written, before it is flushed; it keeps what was flushed.</summary>
    private sealed class CancellingWriter(CancellationTokenSource stop) : StringWriter
    {
        public string Flushed { get; private set; } = "";

        public override async Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            await base.WriteLineAsync(buffer, cancellationToken);
            await stop.CancelAsync();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Flushed = ToString();
            return Task.CompletedTask;
        }
    }
}

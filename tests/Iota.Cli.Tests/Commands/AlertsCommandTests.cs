using System.Text;
using System.Text.Json;
using Iota.Cli.Commands;
using Iota.Engine;
using Iota.Pipeline;
using Iota.Pipeline.State;
using Iota.Sdk;

namespace Iota.Cli.Tests.Commands;

public sealed class AlertsCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempStateDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void List_shows_a_table_of_alerts_with_counts()
    {
        Seed();

        var (exitCode, output, error) = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        var rootLine = Assert.Single(output.Split('\n'), line => line.Contains("AWS.Root.Login", StringComparison.Ordinal));
        Assert.Contains("HIGH", rootLine, StringComparison.Ordinal);
        Assert.Contains(" 2 ", rootLine, StringComparison.Ordinal);
        Assert.Contains("2026-03-01 12:00:00", rootLine, StringComparison.Ordinal);
        Assert.Contains("AWS.S3.PublicBucket", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_state_database_is_named_instead_of_a_stack_trace()
    {
        Directory.CreateDirectory(_state.Path);
        File.WriteAllText(Path.Combine(_state.Path, StateDatabase.FileName), "this was never a SQLite database, but it is long enough to have a header");

        var (exitCode, output, error) = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"iota: cannot use the state directory {Path.GetFullPath(_state.Path)}: state.db is damaged", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void List_as_json_filters_by_rule_and_since()
    {
        Seed();

        var byRule = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path, "--format", "json", "--rule", "AWS.Root.Login");
        var bySince = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path, "--format", "json", "--since", "2026-03-01T13:00:00Z");

        var alert = JsonDocument.Parse(Assert.Single(Lines(byRule.Output))).RootElement;
        Assert.Equal("AWS.Root.Login", alert.GetProperty("rule_id").GetString());
        Assert.Equal(2, alert.GetProperty("count").GetInt64());
        Assert.Equal(
            "AWS.S3.PublicBucket",
            JsonDocument.Parse(Assert.Single(Lines(bySince.Output))).RootElement.GetProperty("rule_id").GetString());
    }

    [Fact]
    public void Since_accepts_an_age_relative_to_now()
    {
        Seed();
        var now = new FixedTime(T0.AddHours(2).AddMinutes(30));

        var (exitCode, output, _) = CommandRunner.Run(AlertsCommand.Create(now), "alerts", "list", "--state", _state.Path, "--since", "1h", "--format", "json");

        Assert.Equal(0, exitCode);
        Assert.Equal("AWS.S3.PublicBucket", JsonDocument.Parse(Assert.Single(Lines(output))).RootElement.GetProperty("rule_id").GetString());
    }

    [Fact]
    public void A_bad_since_or_format_is_a_parse_error()
    {
        Seed();

        var since = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path, "--since", "yesterday");
        var format = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path, "--format", "xml");

        Assert.NotEqual(0, since.ExitCode);
        Assert.Contains("--since 'yesterday'", since.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, format.ExitCode);
    }

    [Fact]
    public void A_missing_state_directory_is_reported_without_creating_one()
    {
        var (exitCode, output, error) = CommandRunner.Run(AlertsCommand.Create(), "alerts", "list", "--state", _state.Path);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains(_state.Path, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_state.Path));
    }

    private void Seed()
    {
        using var database = StateDatabase.Open(_state.Path);
        var store = new AlertStore(database);
        var root = Rule("AWS.Root.Login", Severity.High);
        var bucket = Rule("AWS.S3.PublicBucket", Severity.Medium);
        store.CommitUnit("a.json.gz", [Match(root, T0), Match(root, T0.AddMinutes(1))], ["stdout"], T0);
        store.CommitUnit("b.json.gz", [Match(bucket, T0.AddHours(2))], ["stdout"], T0);
    }

    private static RuleDescriptor Rule(string id, Severity severity) =>
        new() { Id = id, Severity = severity, Language = "csharp", Source = id + ".csx" };

    private static RuleMatch Match(RuleDescriptor rule, DateTimeOffset time) =>
        new(rule, rule.Id + " fired", "d", rule.Severity, null, Encoding.UTF8.GetBytes("""{"eventID":"x"}"""), time, "AWS.CloudTrail");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

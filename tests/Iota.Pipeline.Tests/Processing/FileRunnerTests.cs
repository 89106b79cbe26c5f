using System.Collections.Concurrent;
using System.Text;
using Iota.Engine;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Iota.Pipeline.Tests.Support;
using static Iota.Pipeline.Tests.Support.LogFiles;

namespace Iota.Pipeline.Tests.Processing;

/// <summary>
/// Files through the runner with a real rule and real state. A large JSON Lines file is read in parts (made small
/// here) that are units of their own; whatever the cut, the events, matches, alerts and input errors are the ones
/// the same file gives when read whole.
/// </summary>
public sealed class FileRunnerTests : IDisposable
{
    private const int SmallParts = 16 * 1024;

    private readonly TempDirectory _rules = new();
    private readonly TempDirectory _logs = new();
    private readonly List<TempDirectory> _states = [];
    private readonly RuleEngine _engine;

    public FileRunnerTests()
    {
        _engine = new RuleEngine(CsxRules.Load(_rules.Path, "console-login.csx", CsxRules.ConsoleLoginRule));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _rules.Dispose();
        _logs.Dispose();
        foreach (TempDirectory state in _states)
        {
            state.Dispose();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_large_json_lines_file_is_read_in_parts_with_the_outcome_of_reading_it_whole(bool gzip)
    {
        string path = WriteLines("large.jsonl", Lines(400), gzip);

        Run parts = RunFiles([path], SmallParts);
        Run whole = RunFiles([path], FileRunner.DefaultPartBytes);

        Assert.Single(whole.Results);
        Assert.True(parts.Results.Count > 5, $"{parts.Results.Count} parts");
        Assert.Equal(400, parts.Events);
        Assert.Equal(whole.Events, parts.Events);
        Assert.Equal(whole.Bytes, parts.Bytes);
        Assert.Equal(whole.MatchTitles, parts.MatchTitles);
        Assert.Equal(whole.AlertTitles, parts.AlertTitles);
        Assert.Equal(40, parts.AlertTitles.Count);

        // Each part is a unit of its own, keyed by where it starts; only the one that ends the file says so.
        Assert.Equal(parts.Results.Count, parts.Results.Select(r => r.Unit).Distinct().Count());
        Assert.All(parts.Results, r => Assert.StartsWith(FileRunner.UnitKey(path) + "@", r.Unit, StringComparison.Ordinal));
        FileResult last = Assert.Single(parts.Results, r => r.LastPart);
        Assert.Equal(parts.Results.Max(r => long.Parse(r.Unit[(r.Unit.LastIndexOf('@') + 1)..])), long.Parse(last.Unit[(last.Unit.LastIndexOf('@') + 1)..]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Log_files_one_after_another_are_read_in_parts_with_the_outcome_of_reading_them_whole(bool gzip)
    {
        // What `zcat *.json.gz > all.json` makes: log files end without a newline, so they run on in one line.
        var records = Lines(400).ToList();
        records[333] = "42";
        string text = string.Concat(records.Chunk(20).Select(Records));
        string path = gzip ? Write(_logs.Path, "all.json.gz", Gzip(text)) : Write(_logs.Path, "all.json", text);

        Run parts = RunFiles([path], SmallParts);
        Run whole = RunFiles([path], FileRunner.DefaultPartBytes);

        Assert.Single(whole.Results);
        Assert.True(parts.Results.Count > 5, $"{parts.Results.Count} parts");
        Assert.All(parts.Results, r => Assert.StartsWith(FileRunner.UnitKey(path) + "@", r.Unit, StringComparison.Ordinal));
        Assert.Equal(399, parts.Events);
        Assert.Equal(whole.Bytes, parts.Bytes);
        Assert.Equal(whole.MatchTitles, parts.MatchTitles);
        Assert.Equal(whole.AlertTitles, parts.AlertTitles);
        Assert.Equal(whole.Errors, parts.Errors);
        Assert.Single(parts.Errors);
    }

    [Fact]
    public void Bad_lines_in_later_parts_are_reported_at_their_offset_in_the_file()
    {
        var lines = Lines(300).ToList();
        lines[150] = """{"eventID":"broken", oops}""";
        lines[260] = "[1,2";
        string path = WriteLines("bad.jsonl", lines, gzip: false);

        Run parts = RunFiles([path], SmallParts);
        Run whole = RunFiles([path], FileRunner.DefaultPartBytes);

        Assert.Equal(2, whole.Errors.Count);
        Assert.Equal(whole.Errors, parts.Errors);
        Assert.Equal(298, parts.Events);
        Assert.True(parts.Errors[0].Offset > 3 * SmallParts, $"offset {parts.Errors[0].Offset}");
    }

    [Fact]
    public void A_line_longer_than_a_part_is_still_read()
    {
        var lines = Lines(100).ToList();
        lines[50] = Record(50, "ConsoleLogin").Replace("\"awsRegion\"", $"\"padding\":\"{new string('x', 3 * SmallParts)}\",\"awsRegion\"", StringComparison.Ordinal);
        string path = WriteLines("long-line.jsonl", lines, gzip: false);

        Run parts = RunFiles([path], SmallParts);

        Assert.Empty(parts.Errors);
        Assert.Equal(100, parts.Events);
        Assert.Contains("Console login by user50", parts.MatchTitles);
    }

    [Fact]
    public void A_first_line_longer_than_a_part_does_not_stop_the_file_being_read_in_parts()
    {
        // The first line fills two parts but for the start of the second line: the reader has to grow its buffer past
        // the second line before it can tell JSON Lines from one long document, then cuts parts as usual.
        var lines = Lines(200).ToList();
        string first = Record(0, "ConsoleLogin");
        int padding = (2 * SmallParts) - 100 - first.Length - "\"padding\":\"\",".Length;
        lines[0] = first.Replace("\"awsRegion\"", $"\"padding\":\"{new string('x', padding)}\",\"awsRegion\"", StringComparison.Ordinal);
        Assert.Equal((2 * SmallParts) - 100, lines[0].Length);
        string path = WriteLines("long-first-line.jsonl", lines, gzip: false);

        Run parts = RunFiles([path], SmallParts);

        Assert.True(parts.Results.Count > 3, $"{parts.Results.Count} parts");
        Assert.Empty(parts.Errors);
        Assert.Equal(200, parts.Events);
        Assert.Contains("Console login by user0", parts.MatchTitles);
    }

    [Fact]
    public void A_large_file_that_is_one_document_is_read_whole()
    {
        // Pretty-printed, so it has many lines, none of which is a value on its own.
        string document = Records(Enumerable.Range(0, 200).Select(i => Record(i, i % 10 == 0 ? "ConsoleLogin" : "GetObject"))).Replace("},{", "},\n{", StringComparison.Ordinal);
        string path = Write(_logs.Path, "document.json", document);

        Run parts = RunFiles([path], SmallParts);

        FileResult result = Assert.Single(parts.Results);
        Assert.Equal(FileRunner.UnitKey(path), result.Unit);
        Assert.True(result.LastPart);
        Assert.Equal(200, parts.Events);
        Assert.Equal(20, parts.AlertTitles.Count);
    }

    [Fact]
    public void A_large_single_log_file_on_one_line_is_read_whole()
    {
        string path = Write(_logs.Path, "one.json", Records(Lines(200)));

        Run parts = RunFiles([path], SmallParts);

        FileResult result = Assert.Single(parts.Results);
        Assert.Equal(FileRunner.UnitKey(path), result.Unit);
        Assert.Equal(200, parts.Events);
    }

    [Fact]
    public void A_truncated_large_gzip_file_keeps_the_lines_before_the_cut_and_says_where_it_stopped()
    {
        byte[] gz = Gzip(string.Join("\n", Lines(600)));
        string path = Write(_logs.Path, "cut.jsonl.gz", gz[..(gz.Length * 2 / 3)]);

        Run parts = RunFiles([path], SmallParts);

        InputError error = Assert.Single(parts.Errors);
        Assert.StartsWith("gzip data ends before its end marker (a truncated file?); the ", error.Message, StringComparison.Ordinal);
        Assert.InRange(parts.Events, 300, 599);
        Assert.True(parts.Results.Single(r => r.LastPart).Errors.Count == 1);
    }

    [Fact]
    public void Parts_committed_once_are_not_counted_again_when_the_file_is_read_again()
    {
        string path = WriteLines("again.jsonl", Lines(300), gzip: true);
        TempDirectory state = NewState();

        Run first = RunFiles([path], SmallParts, state.Path);
        List<string> units = StateQueries.Strings(state.Path, "SELECT unit_key FROM processed_units ORDER BY unit_key");
        Run second = RunFiles([path], SmallParts, state.Path);

        // Even when the seen-events filter is lost (a crash before it was saved), every part is found committed:
        // the rule matches again, and no alert counts those matches a second time.
        File.Delete(Path.Combine(state.Path, "events.bloom"));
        Run third = RunFiles([path], SmallParts, state.Path);

        Assert.Equal(first.Results.Select(r => r.Unit).Order(StringComparer.Ordinal), units);
        Assert.Equal(30, first.AlertTitles.Count);
        Assert.Equal(300, second.Duplicates);
        Assert.Empty(second.AlertTitles);
        Assert.Equal(0, third.Duplicates);
        Assert.Equal(30, third.MatchTitles.Count);
        Assert.Empty(third.AlertTitles);
        Assert.Equal(30, StateQueries.Scalar(state.Path, "SELECT SUM(count) FROM alerts"));
        Assert.Equal(units, StateQueries.Strings(state.Path, "SELECT unit_key FROM processed_units ORDER BY unit_key"));
    }

    [Fact]
    public void Small_files_and_parts_of_a_large_one_are_all_processed_once()
    {
        string large = WriteLines("large.jsonl", Lines(300), gzip: false);
        string small1 = Write(_logs.Path, "small1.json", Records([Record(1000, "ConsoleLogin"), Record(1001)]));
        string small2 = Write(_logs.Path, "small2.json.gz", Gzip(Records([Record(1002, "ConsoleLogin")])));

        Run run = RunFiles([small1, large, small2], SmallParts);

        Assert.Equal(303, run.Events);
        Assert.Equal(32, run.AlertTitles.Count);
        Assert.Equal(3, run.Results.Count(r => r.LastPart));
        Assert.Equal([FileRunner.UnitKey(small1)], run.Results.Where(r => r.Path == small1).Select(r => r.Unit));
    }

    /// <summary>Records as lines, every tenth a console login by its own user.</summary>
    private static IEnumerable<string> Lines(int count) =>
        Enumerable.Range(0, count).Select(i => Record(i, i % 10 == 0 ? "ConsoleLogin" : "GetObject"));

    private string WriteLines(string name, IEnumerable<string> lines, bool gzip)
    {
        string text = string.Join("\n", lines) + "\n";
        return gzip ? Write(_logs.Path, name + ".gz", Gzip(text)) : Write(_logs.Path, name, text);
    }

    private TempDirectory NewState()
    {
        var state = new TempDirectory();
        _states.Add(state);
        return state;
    }

    private Run RunFiles(IReadOnlyList<string> files, int partBytes, string? stateDir = null)
    {
        stateDir ??= NewState().Path;
        using StateDatabase database = StateDatabase.Open(stateDir);
        using EventFilter filter = EventFilter.Open(stateDir, 10_000);
        var processor = new UnitProcessor(_engine, filter, new AlertStore(database), [OutputRoute.All("stdout")]);
        var runner = new FileRunner(processor, workers: 2) { PartBytes = partBytes };
        var results = new ConcurrentBag<FileResult>();
        runner.FileDone += results.Add;
        runner.Run(files);
        filter.Save();
        return new Run([.. results.OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Unit.Length).ThenBy(r => r.Unit, StringComparer.Ordinal)]);
    }

    private sealed record Run(IReadOnlyList<FileResult> Results)
    {
        public int Events => Results.Sum(r => r.Outcome.Events);

        public int Duplicates => Results.Sum(r => r.Outcome.Duplicates);

        public long Bytes => Results.Sum(r => r.Bytes);

        public IReadOnlyList<string> MatchTitles =>
            [.. Results.SelectMany(r => r.Outcome.Matches).Select(m => m.Title).Order(StringComparer.Ordinal)];

        public IReadOnlyList<string> AlertTitles =>
            [.. Results.SelectMany(r => r.Outcome.Alerts).Select(a => a.Title).Order(StringComparer.Ordinal)];

        public IReadOnlyList<InputError> Errors =>
            [.. Results.SelectMany(r => r.Errors).OrderBy(e => e.Offset)];
    }
}

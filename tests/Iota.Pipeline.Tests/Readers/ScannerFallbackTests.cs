using System.Text;
using Iota.Pipeline.Tests.Support;
using Iota.Sdk;
using static Iota.Pipeline.Tests.Support.LogFiles;

namespace Iota.Pipeline.Tests.Readers;

/// <summary>
/// The record parser indexes with the fast scanner first and, where it gives up, reads the document again with
/// Utf8JsonReader, skipping the records the scanner already added: errors and offsets are the reader's, and every
/// record is kept once. Expected offsets are counted by hand from the fixtures.
/// </summary>
public sealed class ScannerFallbackTests : IDisposable
{
    private const string RecordsOpen = "{\"Records\":[";

    private readonly TempDirectory _dir = new();
    private readonly EventBatch _batch = new();

    public void Dispose()
    {
        _batch.Dispose();
        _dir.Dispose();
    }

    // 53 bytes: { 1, "eventSource" 13, : 1, "s3" 4, , 1, "eventName" 11, : 1, "E0" 4, , 1, "eventTime" 11, : 1, "t" 3, } 1.
    private static string Small(int n) => $$"""{"eventSource":"s3","eventName":"E{{n}}","eventTime":"t"}""";

    [Fact]
    public void The_fixture_records_are_as_long_as_the_offsets_below_assume()
    {
        Assert.Equal(12, RecordsOpen.Length);
        Assert.Equal(53, Small(0).Length);
    }

    [Theory]
    // Record 2 starts at 12 + 2 * (53 + 1) = 120. Without the comma after "s3" (record bytes 15..18) the reader stops
    // at the next name's quote, record byte 19.
    [InlineData("""{"eventSource":"s3""eventName":"E2","eventTime":"t"}""", 139,
        "invalid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.; the 2 events before it were processed")]
    // "E\x" is the value of eventName; the reader reports the offset of the string it could not read, its opening
    // quote at record byte 1 + 13 + 1 + 4 + 1 + 11 + 1 = 32.
    [InlineData("""{"eventSource":"s3","eventName":"E\x","eventTime":"t"}""", 152,
        "invalid JSON: 'x' is an invalid escapable character within a JSON string. The string should be correctly escaped.; the 2 events before it were processed")]
    public void A_broken_third_record_is_reported_where_the_reader_finds_it_and_the_two_before_it_are_kept_once(
        string broken, long offset, string message)
    {
        string text = Records([Small(0), Small(1), broken, Small(3), Small(4)]);
        string path = Write(_dir.Path, "broken.json", text);

        List<(int From, int Count)> reported = [];
        _batch.Load(batch => batch.LoadFile(path), (_, from, count) => reported.Add((from, count)));

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(message, error.Message);
        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "E0");
        Assert.True(_batch.Events[1].EventName == "E1");
        Assert.Equal([(0, 2)], reported);
    }

    [Fact]
    public void Records_the_scanner_processed_in_chunks_before_giving_up_are_neither_repeated_nor_lost()
    {
        // The scanner hands over 64 events at a time; record 100 lacks the comma before "awsRegion".
        string[] records = [.. Enumerable.Range(0, 150).Select(i => Record(i, "E" + i))];
        records[100] = records[100].Replace(",\"awsRegion\"", "\"awsRegion\"", StringComparison.Ordinal);
        string text = Records(records);
        string path = Write(_dir.Path, "chunks.json", text);

        List<(int From, int Count)> reported = [];
        _batch.Load(batch => batch.LoadFile(path), (_, from, count) => reported.Add((from, count)));

        Assert.Equal(100, _batch.Count);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(_batch.Events[i].EventName == "E" + i);
        }

        Assert.Equal([(0, 64), (64, 36)], reported);
        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(text.IndexOf("\"E100\"\"awsRegion\"", StringComparison.Ordinal) + "\"E100\"".Length, error.Offset);
        Assert.Equal("invalid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.; the 100 events before it were processed", error.Message);
    }

    [Fact]
    public void An_error_the_scanner_path_reported_for_a_record_is_not_reported_again_by_the_fallback()
    {
        // Record 1 (bytes 66..118) has 0xFF at record byte 34, right after "E: offset 66 + 34 = 100. Record 3 starts at
        // 12 + 3 * 54 = 174 and lacks the comma after "s3": the reader stops at 174 + 19 = 193.
        string small1 = Small(1);
        byte[] text =
        [
            .. Encoding.UTF8.GetBytes(RecordsOpen + Small(0) + "," + small1[..34]),
            0xFF,
            .. Encoding.UTF8.GetBytes(small1[35..] + "," + Small(2) + "," + Small(3).Replace("\"s3\",", "\"s3\"", StringComparison.Ordinal) + "," + Small(4) + "]}"),
        ];
        string path = Write(_dir.Path, "utf8-then-broken.json", text);

        _batch.LoadFile(path);

        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "E0");
        Assert.True(_batch.Events[1].EventName == "E2");
        Assert.Equal(2, _batch.Errors.Count);
        Assert.Equal(100, _batch.Errors[0].Offset);
        Assert.Equal("record contains invalid UTF-8; skipped", _batch.Errors[0].Message);
        Assert.Equal(193, _batch.Errors[1].Offset);
        Assert.Equal("invalid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'.; the 2 events before it were processed", _batch.Errors[1].Message);
    }

    [Fact]
    public void An_escaped_records_name_is_still_a_cloudtrail_file()
    {
        string text = "{\"Re\\u0063ords\":[" + Small(0) + "," + Small(1) + "]}";
        string path = Write(_dir.Path, "escaped.json", text);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "E0");
        Assert.True(_batch.Events[1].EventName == "E1");
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(1));
    }

    [Fact]
    public void A_bad_json_line_and_a_line_with_two_values_cost_only_those_lines()
    {
        // Line 1 starts at 54 and lacks the comma after "X": the reader stops at the quote after it, line byte 16.
        // Line 3 starts at 54 + 22 + 1 + 53 + 1 = 131; the reader skips the space after the first value and stops at
        // the second value's brace, line byte 8.
        string text = Small(0) + "\n" + "{\"eventName\":\"X\"\"a\":1}" + "\n" + Small(2) + "\n" + "{\"a\":1} {\"b\":2}" + "\n" + Small(4) + "\n";
        string path = Write(_dir.Path, "lines.jsonl", text);

        _batch.LoadFile(path);

        Assert.Equal(3, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "E0");
        Assert.True(_batch.Events[1].EventName == "E2");
        Assert.True(_batch.Events[2].EventName == "E4");
        Assert.Equal(2, _batch.Errors.Count);
        Assert.Equal(70, _batch.Errors[0].Offset);
        Assert.Equal("invalid JSON line: '\"' is invalid after a value. Expected either ',', '}', or ']'.", _batch.Errors[0].Message);
        Assert.Equal(139, _batch.Errors[1].Offset);
        Assert.Equal("invalid JSON line: '{' is invalid after a single JSON value. Expected end of data.", _batch.Errors[1].Message);
    }

    public static TheoryData<string, Func<string[], string>> Shapes => new()
    {
        { "records", records => Records(records) },
        { "array", records => "[" + string.Join(",", records) + "]" },
        { "lines", records => string.Join("\n", records) + "\n" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Records_nested_deeper_than_the_scanner_goes_are_read_by_the_fallback(string shape, Func<string[], string> write)
    {
        string text = write([Small(0), Deep(1), Small(2)]);
        string path = Write(_dir.Path, shape + ".json", text);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(3, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "E0");
        Assert.True(_batch.Events[1].EventName == "E1");
        Assert.True(_batch.Events[2].EventName == "E2");
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(1));
        Assert.Equal(JsonFieldKind.Array, _batch.Events[1].Get("requestParameters.deep").Kind);
    }

    [Fact]
    public void A_single_event_nested_deeper_than_the_scanner_goes_is_read_by_the_fallback()
    {
        string path = Write(_dir.Path, "single.json", Deep(7));

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(1, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "E7");
    }

    /// <summary>A record whose requestParameters.deep holds 70 nested arrays: 72 containers deep, valid JSON.</summary>
    private static string Deep(int n) =>
        $$"""{"eventSource":"s3","eventName":"E{{n}}","eventTime":"t","requestParameters":{"deep":""" + new string('[', 70) + "1" + new string(']', 70) + "}}";
}

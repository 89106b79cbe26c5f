using System.Text;
using Iota.Pipeline.Tests.Support;
using static Iota.Pipeline.Tests.Support.LogFiles;

namespace Iota.Pipeline.Tests.Readers;

/// <summary>
/// Bad input is reported with the file and a byte offset, and never costs the events that could be read.
/// </summary>
public sealed class ReaderErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EventBatch _batch = new();

    public void Dispose()
    {
        _batch.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Corrupt_gzip_is_one_error_with_an_offset_and_the_events_before_it_are_kept()
    {
        const int total = 3000;
        byte[] gz = Gzip(Records(total));
        int middle = gz.Length * 2 / 3;
        for (int i = middle; i < middle + 64; i++)
        {
            gz[i] ^= 0x5A;
        }

        string path = Write(_dir.Path, "corrupt.json.gz", gz);

        _batch.LoadFile(path);

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(path, error.Source);
        Assert.NotNull(error.Offset);
        Assert.InRange(error.Offset!.Value, 1, gz.Length);
        Assert.Contains("gzip", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("byte offset", error.ToString(), StringComparison.Ordinal);
        Assert.InRange(_batch.Count, 100, total - 1);
        Assert.True(_batch.Events[0].Get("userIdentity.userName") == "user0");
        Assert.True(_batch.Events[99].Get("userIdentity.userName") == "user99");
    }

    [Theory]
    [InlineData(2, 0)] // the magic bytes only
    [InlineData(10, 0)] // the header only
    [InlineData(-8, 50)] // all but the trailer (CRC and length): every line decompresses, so only the gzip layer can tell
    public void A_truncated_gzip_file_is_an_error_at_its_end_and_what_it_held_is_kept(int keep, int events)
    {
        byte[] gz = Gzip(string.Join("\n", Enumerable.Range(0, 50).Select(i => Record(i))) + "\n");
        byte[] cut = gz[..(keep > 0 ? keep : gz.Length + keep)];
        string path = Write(_dir.Path, "cut.jsonl.gz", cut);

        _batch.LoadFile(path);

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(path, error.Source);
        Assert.Equal(cut.Length, error.Offset);
        Assert.Contains("a truncated file?", error.Message, StringComparison.Ordinal);
        Assert.Equal(events, _batch.Count);
    }

    [Fact]
    public void Truncated_json_is_an_error_with_an_offset_and_earlier_records_are_kept()
    {
        string whole = Records(Enumerable.Range(0, 3).Select(i => Record(i, "E" + i)));
        string text = whole[..(whole.LastIndexOf("\"eventName\"", StringComparison.Ordinal) + 5)];
        string path = Write(_dir.Path, "truncated.json", text);

        _batch.LoadFile(path);

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(path, error.Source);
        Assert.NotNull(error.Offset);
        Assert.InRange(error.Offset!.Value, text.IndexOf("\"E1\"", StringComparison.Ordinal), text.Length);
        Assert.Contains("2 events", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[1].EventName == "E1");
    }

    [Fact]
    public void Garbage_after_a_document_is_an_error_at_its_offset_and_the_document_is_kept()
    {
        string document = Records([Record(0, "E0"), Record(1, "E1")]);
        // No newline, so not JSON Lines: a second document is expected after the first and "oops" is not one.
        string path = Write(_dir.Path, "trailing.json", document + "  oops");

        _batch.LoadFile(path);

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(document.Length + 2, error.Offset);
        Assert.True(error.Message.StartsWith("invalid JSON: 'o' is an invalid start of a value.", StringComparison.Ordinal), error.Message);
        Assert.EndsWith("the 2 events before it were processed", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _batch.Count);
    }

    [Fact]
    public void Truncated_gzip_keeps_the_records_before_the_cut()
    {
        byte[] gz = Gzip(Records(2000));
        string path = Write(_dir.Path, "cut.json.gz", gz[..(gz.Length / 2)]);

        _batch.LoadFile(path);

        Assert.NotEmpty(_batch.Errors);
        Assert.All(_batch.Errors, e => Assert.Equal(path, e.Source));
        Assert.All(_batch.Errors, e => Assert.NotNull(e.Offset));
        Assert.InRange(_batch.Count, 1, 1999);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("<html><body>403</body></html>")]
    [InlineData("\"just a string\"")]
    [InlineData("12345")]
    public void Text_that_is_not_a_json_object_or_array_is_an_error(string text)
    {
        string path = Write(_dir.Path, "not-json.json", text);

        _batch.LoadFile(path);

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(path, error.Source);
        Assert.NotNull(error.Offset);
        Assert.Equal(0, _batch.Count);
    }

    [Fact]
    public void A_record_that_is_not_an_object_is_skipped_with_its_offset_and_the_others_are_read()
    {
        string text = Records([Record(0, "A"), "42", "\"text\"", "[1,2]", Record(1, "B")]);
        string path = Write(_dir.Path, "mixed.json", text);

        _batch.LoadFile(path);

        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "A");
        Assert.True(_batch.Events[1].EventName == "B");
        Assert.Equal(3, _batch.Errors.Count);
        Assert.Equal(text.IndexOf(",42,", StringComparison.Ordinal) + 1, _batch.Errors[0].Offset);
        Assert.Contains("record 1", _batch.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", _batch.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("record 3", _batch.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_with_invalid_utf8_is_skipped_with_an_offset_inside_it_and_the_others_are_read()
    {
        byte[] before = Encoding.UTF8.GetBytes("{\"Records\":[" + Record(0, "A") + ",{\"eventName\":\"Bad\",\"userAgent\":\"x");
        byte[] bad = [0xC3, 0x28, 0xFF];
        byte[] after = Encoding.UTF8.GetBytes("y\"}," + Record(2, "C") + "]}");
        string path = Write(_dir.Path, "utf8.json", [.. before, .. bad, .. after]);

        _batch.LoadFile(path);

        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "A");
        Assert.True(_batch.Events[1].EventName == "C");
        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(before.Length, error.Offset);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_line_with_invalid_utf8_is_skipped_and_the_other_lines_are_read()
    {
        byte[] first = Encoding.UTF8.GetBytes(Record(0, "A") + "\n");
        byte[] second = [.. Encoding.UTF8.GetBytes("{\"eventName\":\"B\",\"k\":\""), 0xFF, .. Encoding.UTF8.GetBytes("\"}\n")];
        byte[] third = Encoding.UTF8.GetBytes(Record(2, "C") + "\n");
        string path = Write(_dir.Path, "utf8.jsonl.gz", Gzip([.. first, .. second, .. third]));

        _batch.LoadFile(path);

        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[1].EventName == "C");
        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(first.Length + second.Length - 4, error.Offset);
    }

    [Fact]
    public void One_bad_json_line_is_reported_with_its_offset_and_the_good_lines_are_read()
    {
        string good1 = Record(0, "A");
        string bad = "{\"eventName\": \"Broken\", ";
        string good2 = Record(2, "C");
        string good3 = Record(3, "D");
        string text = good1 + "\n" + bad + "\n" + good2 + "\n" + "\n" + good3 + "\n";
        string path = Write(_dir.Path, "lines.jsonl", text);

        _batch.LoadFile(path);

        Assert.Equal(3, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "A");
        Assert.True(_batch.Events[1].EventName == "C");
        Assert.True(_batch.Events[2].EventName == "D");
        InputError error = Assert.Single(_batch.Errors);
        Assert.InRange(error.Offset!.Value, good1.Length + 1, good1.Length + 1 + bad.Length);
        Assert.Contains("invalid JSON line", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"eventName\": \"Broken\", ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2")]
    public void A_bad_first_json_line_costs_only_that_line(string bad)
    {
        string text = bad + "\n" + Record(1, "B") + "\n" + Record(2, "C") + "\n";
        string path = Write(_dir.Path, "first-bad.jsonl", text);

        _batch.LoadFile(path);

        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "B");
        Assert.True(_batch.Events[1].EventName == "C");
        InputError error = Assert.Single(_batch.Errors);
        Assert.InRange(error.Offset!.Value, 0, bad.Length);
    }

    [Fact]
    public void Two_values_on_one_json_line_are_an_error_for_that_line_only()
    {
        string text = Record(0, "A") + "\n" + "{\"a\":1} {\"b\":2}" + "\n" + Record(2, "C") + "\n";
        string path = Write(_dir.Path, "double.jsonl", text);

        _batch.LoadFile(path);

        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[1].EventName == "C");
        Assert.Single(_batch.Errors);
    }
}

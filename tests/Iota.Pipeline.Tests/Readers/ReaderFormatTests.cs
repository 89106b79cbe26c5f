using System.Text;
using Iota.Pipeline.Tests.Support;
using Iota.Sdk;
using static Iota.Pipeline.Tests.Support.LogFiles;

namespace Iota.Pipeline.Tests.Readers;

/// <summary>Every input shape the readers accept, read from real files through <see cref="EventBatch.LoadFile"/>.</summary>
public sealed class ReaderFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EventBatch _batch = new();

    public void Dispose()
    {
        _batch.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_plain_cloudtrail_file_yields_every_record()
    {
        string path = Write(_dir.Path, "plain.json", Records(Enumerable.Range(0, 5).Select(i => Record(i, "E" + i))));

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(5, _batch.Count);
        Assert.Equal(path, _batch.Source);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(_batch.Events[i].EventName == "E" + i);
            Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(i));
        }

        Assert.Equal(new FileInfo(path).Length, _batch.Bytes);
    }

    [Fact]
    public void The_warm_up_log_is_one_cloudtrail_event_that_the_scanner_indexes_without_the_fallback()
    {
        EventBatch.WarmUp();

        byte[] log = EventBatch.WarmUpLog.ToArray();
        var index = new EventBuffer();
        index.Reset(log);
        Assert.True(index.TryAppendValue(0, log.Length, out _, out int end));
        Assert.Equal(log.Length, end);

        _batch.LoadFile(Write(_dir.Path, "warm-up.json.gz", Gzip(Encoding.UTF8.GetString(log))));
        Assert.Empty(_batch.Errors);
        Assert.Equal(1, _batch.Count);
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(0));
        Assert.True(_batch.Events[0].EventName == "GetObject");
        Assert.Equal("a\u00e9b", _batch.Events[0].Get("requestParameters.key").AsString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    public void Log_files_concatenated_into_one_yield_the_records_of_each(string between)
    {
        // zcat *.json.gz > all.json: one CloudTrail document after another on one line (or with whitespace between).
        string text = Records([Record(0, "A0"), Record(1, "A1")]) + between + Records([Record(2, "B0")]) + between
            + Records([Record(3, "C0"), Record(4, "C1")]);
        string path = Write(_dir.Path, "concatenated.json", Gzip(text));

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(["A0", "A1", "B0", "C0", "C1"], Enumerable.Range(0, _batch.Count).Select(i => _batch.Events[i].EventName.AsString()));
        Assert.All(Enumerable.Range(0, _batch.Count), i => Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(i)));
    }

    [Fact]
    public void A_document_with_members_after_its_records_is_read_to_its_end_and_the_next_one_too()
    {
        string first = Records([Record(0, "A0"), Record(1, "A1")]);
        string text = first[..^1] + ",\"digest\":{\"files\":[1,2]}}" + Records([Record(2, "B0")]);
        string path = Write(_dir.Path, "members-after.json", text);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(["A0", "A1", "B0"], Enumerable.Range(0, _batch.Count).Select(i => _batch.Events[i].EventName.AsString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_lines_whose_lines_are_whole_log_files_yield_their_records(bool gzip)
    {
        // The first line (a whole log file) is far longer than one piece the decompressor hands over, so the newline
        // that ends it is found in a later piece than the one that starts the input. The bad line tells the file from
        // concatenated documents, which would end there.
        string[] first = [.. Enumerable.Range(0, 2000).Select(i => "A" + i)];
        string text = Records(first.Select((name, i) => Record(i, name))) + "\n" + Record(2, "Single") + "\n{bad\n" + Records([Record(3, "B0")]) + "\n";
        string path = gzip ? Write(_dir.Path, "files-as-lines.jsonl.gz", Gzip(text)) : Write(_dir.Path, "files-as-lines.jsonl", text);

        _batch.LoadFile(path);

        Assert.StartsWith("invalid JSON line", Assert.Single(_batch.Errors).Message, StringComparison.Ordinal);
        Assert.Equal([.. first, "Single", "B0"], Enumerable.Range(0, _batch.Count).Select(i => _batch.Events[i].EventName.AsString()));
        Assert.All(Enumerable.Range(0, _batch.Count), i => Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(i)));
    }

    [Theory]
    [InlineData("log.json.gz")]
    [InlineData("log.json")]
    [InlineData("no-extension")]
    public void Gzip_is_detected_by_its_magic_bytes_whatever_the_name(string name)
    {
        string text = Records(Enumerable.Range(0, 50).Select(i => Record(i, "E" + i)));
        string path = Write(_dir.Path, name, Gzip(text));

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(50, _batch.Count);
        Assert.True(_batch.Events[49].EventName == "E49");
        Assert.Equal(Encoding.UTF8.GetByteCount(text), _batch.Bytes);
    }

    [Fact]
    public void A_plain_file_named_gz_is_read_as_plain_json()
    {
        string path = Write(_dir.Path, "mislabelled.json.gz", Records(3));

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(3, _batch.Count);
    }

    [Fact]
    public void A_gzip_file_of_a_few_bytes_is_read()
    {
        // 27 bytes compressed: the buffer's lower bound (64 KB) is above what its size alone would allow.
        byte[] gzip = Gzip("{\"eventName\":\"Tiny\"}");
        Assert.InRange(gzip.Length, 18, 64);
        string path = Write(_dir.Path, "tiny.json.gz", gzip);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(1, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "Tiny");
    }

    [Fact]
    public void A_multi_member_gzip_file_is_read_to_its_end_though_its_trailer_sizes_only_the_last_member()
    {
        // The gzip trailer (ISIZE) sizes the buffer; here it records only the small last member, so the buffer must
        // still grow to hold the first member's 2,000 records (about 700 KB, well past the 64 KB minimum).
        byte[] first = Gzip(string.Concat(Enumerable.Range(0, 2000).Select(i => Record(i) + "\n")));
        byte[] last = Gzip(Record(2000, "Last") + "\n");
        string path = Write(_dir.Path, "big-first.jsonl.gz", [.. first, .. last]);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(2001, _batch.Count);
        Assert.True(_batch.Events[1999].EventId == EventId(1999));
        Assert.True(_batch.Events[2000].EventName == "Last");
    }

    [Fact]
    public void A_multi_member_gzip_file_is_read_to_its_end()
    {
        byte[] first = Gzip(Record(1, "First") + "\n");
        byte[] second = Gzip(Record(2, "Second") + "\n" + Record(3, "Third") + "\n");
        string path = Write(_dir.Path, "members.jsonl.gz", [.. first, .. second]);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(3, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "First");
        Assert.True(_batch.Events[2].EventName == "Third");
    }

    [Theory]
    [InlineData(false, "\n", "")]
    [InlineData(true, "\n", "")]
    [InlineData(false, "\r\n", "")]
    [InlineData(false, "\n", "\n \r\n\t")]
    [InlineData(true, "\r\n", "\r\n\n  ")]
    public void Json_lines_yield_one_event_per_line(bool gzip, string newline, string leadingBlankLines)
    {
        string text = leadingBlankLines + string.Join(newline, Enumerable.Range(0, 4).Select(i => Record(i, "L" + i))) + newline + newline;
        string path = gzip ? Write(_dir.Path, "lines.jsonl.gz", Gzip(text)) : Write(_dir.Path, "lines.jsonl", text);

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(4, _batch.Count);
        Assert.True(_batch.Events[3].EventName == "L3");
        Assert.True(_batch.Events[0].Get("requestParameters.bucketName") == "b0");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_lines_after_blank_lines_are_still_json_lines_so_a_bad_line_costs_only_itself(bool gzip)
    {
        // Read as concatenated documents instead, the file would end at the bad line.
        string text = "\r\n \n" + Record(0, "L0") + "\n{\"eventName\": oops}\n" + Record(1, "L1") + "\n";
        string path = gzip ? Write(_dir.Path, "blank-first.jsonl.gz", Gzip(text)) : Write(_dir.Path, "blank-first.jsonl", text);

        _batch.LoadFile(path);

        Assert.Equal(["L0", "L1"], Enumerable.Range(0, _batch.Count).Select(i => _batch.Events[i].EventName.AsString()));
        InputError error = Assert.Single(_batch.Errors);
        Assert.StartsWith("invalid JSON line", error.Message, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("{\"eventName\": oops}", StringComparison.Ordinal) + 14, error.Offset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pretty_printed_documents_are_read_as_documents_not_as_json_lines(bool gzip)
    {
        string Write(string name, string text) => gzip ? LogFiles.Write(_dir.Path, name + ".gz", Gzip(text)) : LogFiles.Write(_dir.Path, name, text);

        var indented = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        string records = System.Text.Json.Nodes.JsonNode.Parse(Records(3))!.ToJsonString(indented);
        string single = System.Text.Json.Nodes.JsonNode.Parse(Record(1, "Single"))!.ToJsonString(indented);
        string envelopes = System.Text.Json.Nodes.JsonNode.Parse("[" + Envelope(Record(1, "A")) + "," + Envelope(Record(2, "B")) + "]")!.ToJsonString(indented);
        string oneRecordPerLine = "{\"Records\":[\n" + Record(1, "A") + ",\n" + Record(2, "B") + "\n]}\n";

        _batch.LoadFile(Write("records.json", records));
        Assert.Empty(_batch.Errors);
        Assert.Equal(3, _batch.Count);

        _batch.LoadFile(Write("single.json", single));
        Assert.Empty(_batch.Errors);
        Assert.True(Assert.Single(Events()).EventName == "Single");

        _batch.LoadFile(Write("envelopes.json", envelopes));
        Assert.Empty(_batch.Errors);
        Assert.Equal(2, _batch.Count);

        _batch.LoadFile(Write("per-line.json", oneRecordPerLine));
        Assert.Empty(_batch.Errors);
        Assert.Equal(2, _batch.Count);
    }

    [Fact]
    public void A_single_event_file_is_one_event()
    {
        string path = Write(_dir.Path, "one.json", "  \n" + Record(7, "ConsoleLogin") + "\n");

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(1, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "ConsoleLogin");
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(0));
    }

    [Fact]
    public void An_object_that_is_not_a_cloudtrail_record_is_kept_with_the_unknown_log_type()
    {
        string path = Write(_dir.Path, "other.json", """{"message": "hello", "level": "info"}""");

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(1, _batch.Count);
        Assert.Equal(LogTypes.Unknown, _batch.LogTypeOf(0));
        Assert.True(_batch.Events[0].Get("message") == "hello");
    }

    [Fact]
    public void An_eventbridge_envelope_yields_its_detail_as_a_cloudtrail_event()
    {
        string path = Write(_dir.Path, "envelope.json", Envelope(Record(1, "DeleteDetector")));

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Event e = Assert.Single(Events());
        Assert.True(e.EventName == "DeleteDetector");
        Assert.False(e.Get("detail-type").Exists);
        Assert.StartsWith("{\"eventVersion\"", e.ToString(), StringComparison.Ordinal);
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(0));
    }

    [Fact]
    public void An_array_of_envelopes_yields_each_detail()
    {
        string path = Write(_dir.Path, "envelopes.json",
            "[" + Envelope(Record(1, "A")) + ",\n" + Envelope(Record(2, "B")) + "," + Envelope("""{"findingId": "x"}""", "GuardDuty Finding") + "]");

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(3, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "A");
        Assert.True(_batch.Events[1].EventName == "B");
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(1));
        Assert.True(_batch.Events[2].Get("findingId") == "x");
        Assert.Equal(LogTypes.Unknown, _batch.LogTypeOf(2));
    }

    [Fact]
    public void Eventbridge_envelopes_as_json_lines_yield_each_detail()
    {
        string path = Write(_dir.Path, "envelopes.jsonl", Envelope(Record(1, "A")) + "\n" + Envelope(Record(2, "B")) + "\n");

        _batch.LoadFile(path);

        Assert.Empty(_batch.Errors);
        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[1].EventName == "B");
        Assert.Equal(LogTypes.CloudTrail, _batch.LogTypeOf(1));
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        string path = Write(_dir.Path, "bom.json", [.. bom, .. Encoding.UTF8.GetBytes(Records(2))]);
        string gz = Write(_dir.Path, "bom.json.gz", Gzip([.. bom, .. Encoding.UTF8.GetBytes(Record(1, "X") + "\n" + Record(2, "Y") + "\n")]));

        _batch.LoadFile(path);
        Assert.Empty(_batch.Errors);
        Assert.Equal(2, _batch.Count);

        _batch.LoadFile(gz);
        Assert.Empty(_batch.Errors.Select(e => e.ToString()));
        Assert.Equal(2, _batch.Count);
        Assert.True(_batch.Events[1].EventName == "Y");
    }

    [Fact]
    public void An_empty_or_blank_file_has_no_events_and_no_errors()
    {
        _batch.LoadFile(Write(_dir.Path, "empty.json", []));
        Assert.Equal(0, _batch.Count);
        Assert.Empty(_batch.Errors);

        _batch.LoadFile(Write(_dir.Path, "blank.json", " \n\t\r\n"));
        Assert.Equal(0, _batch.Count);
        Assert.Empty(_batch.Errors);

        _batch.LoadFile(Write(_dir.Path, "empty.json.gz", Gzip([])));
        Assert.Equal(0, _batch.Count);
        Assert.Empty(_batch.Errors);
    }

    [Fact]
    public void A_reused_batch_forgets_the_previous_file()
    {
        _batch.LoadFile(Write(_dir.Path, "big.json.gz", Gzip(Records(200))));
        Assert.Equal(200, _batch.Count);

        _batch.LoadFile(Write(_dir.Path, "small.json", Records([Record(1, "Only")])));

        Assert.Equal(1, _batch.Count);
        Assert.True(_batch.Events[0].EventName == "Only");
        Assert.Empty(_batch.Errors);
    }

    [Fact]
    public void Plain_and_gzip_files_read_in_turn_by_one_batch_each_yield_only_their_own_events()
    {
        // A plain file is parsed in the buffer it was read into, which then becomes the batch's decoded buffer.
        (string Name, byte[] Content, int Count)[] files =
        [
            ("big.json", Encoding.UTF8.GetBytes(Records(300)), 300),
            ("small.json.gz", Gzip(Records([Record(7, "Gz")])), 1),
            ("small.json", Encoding.UTF8.GetBytes(Records([Record(8, "Plain")])), 1),
            ("big.json.gz", Gzip(Records(250)), 250),
            ("lines.jsonl", Encoding.UTF8.GetBytes(Record(9, "L0") + "\n" + Record(10, "L1") + "\n"), 2),
        ];

        foreach (var (name, content, count) in files)
        {
            string path = Write(_dir.Path, name, content);
            string expected = Encoding.UTF8.GetString(name.EndsWith(".gz", StringComparison.Ordinal) ? Gunzip(content) : content);

            _batch.LoadFile(path);

            Assert.Empty(_batch.Errors);
            Assert.Equal(count, _batch.Count);
            Assert.Equal(Encoding.UTF8.GetByteCount(expected), _batch.Bytes);
            string last = Encoding.UTF8.GetString(_batch.Events.GetEventUtf8(count - 1).Span);
            Assert.Contains(last, expected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        string path = Path.Combine(_dir.Path, "gone.json");

        _batch.LoadFile(path);

        InputError error = Assert.Single(_batch.Errors);
        Assert.Equal(path, error.Source);
        Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _batch.Count);
    }

    private List<Event> Events() => [.. Enumerable.Range(0, _batch.Count).Select(i => _batch.Events[i])];

    private static byte[] Gunzip(byte[] gzip)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Iota.Sdk;

namespace Iota.Pipeline.Readers.Internal;

/// <summary>
/// Finds the events in a decoded input and indexes them in one pass: a CloudTrail log file
/// (<c>{"Records":[…]}</c>), JSON Lines, a single event, an EventBridge envelope, or an array of events or
/// envelopes; several such documents one after another (log files concatenated) are each read, and a line of JSON
/// Lines that is a whole log file yields its records. A bad record or line is reported with its byte offset and
/// skipped; the rest is still read.
/// </summary>
internal static class RecordParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 256 };

    /// <summary>Indexes the events of <paramref name="data"/>, whose first newline is at <paramref name="firstNewline"/> (or -1).</summary>
    public static void Parse(EventBatch batch, ReadOnlyMemory<byte> data, int firstNewline, bool reportJsonErrors)
    {
        int first = FirstValue(data.Span, fileStart: true);
        if (first >= 0)
        {
            Parse(batch, data, first, IsJsonLines(data.Span, first, firstNewline), reportJsonErrors);
        }
    }

    /// <summary>
    /// Indexes <paramref name="data"/>, a part the part reader cut from a large input, as what the reader found it to
    /// be: whole lines of JSON Lines (<paramref name="lines"/>), or whole log files one after another. A byte order mark
    /// is skipped only at the start of the input (<paramref name="fileStart"/>).
    /// </summary>
    public static void ParsePart(EventBatch batch, ReadOnlyMemory<byte> data, bool lines, bool fileStart, bool reportJsonErrors)
    {
        int first = FirstValue(data.Span, fileStart);
        if (first >= 0)
        {
            Parse(batch, data, first, lines, reportJsonErrors);
        }
    }

    /// <summary>Whether <paramref name="lines"/>, the first whole lines of a file (<paramref name="fileStart"/>) or of a part, read as JSON Lines.</summary>
    public static bool IsJsonLines(ReadOnlySpan<byte> lines, bool fileStart)
    {
        int first = FirstValue(lines, fileStart);
        return first >= 0 && IsJsonLines(lines, first, lines.IndexOf((byte)'\n'));
    }

    /// <summary>
    /// Where the first value starts: after whitespace, and after a byte order mark at the start of an input
    /// (<paramref name="fileStart"/>); -1 when there is none.
    /// </summary>
    public static int FirstValue(ReadOnlySpan<byte> span, bool fileStart) =>
        IndexOfNonWhitespace(span, fileStart && span.StartsWith("\uFEFF"u8) ? 3 : 0);

    private static void Parse(EventBatch batch, ReadOnlyMemory<byte> data, int first, bool lines, bool reportJsonErrors)
    {
        ReadOnlySpan<byte> span = data.Span;
        var invalid = new InvalidUtf8(data);
        if (lines)
        {
            ParseLines(batch, span, first, invalid, reportJsonErrors);
            return;
        }

        // Documents one after another (log files concatenated with cat) are each read, up to the first error.
        for (int position = first; position >= 0 && ParseDocument(batch, span, position, invalid, reportJsonErrors) is int end and >= 0;)
        {
            position = IndexOfNonWhitespace(span, end);
        }
    }

    /// <summary>
    /// JSON Lines when the first line alone is one complete value and more content follows it, or, when the first
    /// line is broken, when the next line alone is one complete object (so one bad first line does not cost the
    /// whole file; a pretty-printed document's second line is never a complete object on its own).
    /// </summary>
    private static bool IsJsonLines(ReadOnlySpan<byte> span, int first, int firstNewline)
    {
        // A newline before the first value is leading whitespace: then the search starts at the value.
        int newline = firstNewline < 0 ? -1 : firstNewline >= first ? firstNewline - first : span[first..].IndexOf((byte)'\n');
        int second = newline < 0 ? -1 : IndexOfNonWhitespace(span, first + newline + 1);
        if (second < 0)
        {
            return false;
        }

        if (IsOneValue(span.Slice(first, newline)))
        {
            return true;
        }

        int end = span[second..].IndexOf((byte)'\n');
        ReadOnlySpan<byte> next = end < 0 ? span[second..] : span.Slice(second, end);
        return next[0] == (byte)'{' && IsOneValue(next);
    }

    private static bool IsOneValue(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, Options);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ParseLines(EventBatch batch, ReadOnlySpan<byte> span, int position, InvalidUtf8 invalid, bool reportJsonErrors)
    {
        while (position < span.Length)
        {
            int newline = span[position..].IndexOf((byte)'\n');
            int end = newline < 0 ? span.Length : position + newline;
            ReadOnlySpan<byte> line = span[position..end];
            if (IndexOfNonWhitespace(line, 0) >= 0)
            {
                if (batch.Events.TryAppendValue(position, end, out JsonField scanned, out int valueEnd)
                    && IndexOfNonWhitespace(span[valueEnd..end], 0) < 0)
                {
                    AddLine(batch, scanned, InvalidUtf8.None);
                    position = end + 1;
                    continue;
                }

                // The scanner gave up (or found more after the value): the reader says what is wrong and where.
                var reader = new Utf8JsonReader(line, Options);
                try
                {
                    JsonField value = batch.Events.AppendValue(ref reader, position);

                    // Only whitespace may follow: the reader throws, with its position, at anything else.
                    _ = reader.Read();
                    AddLine(batch, value, invalid);
                }
                catch (JsonException ex)
                {
                    if (reportJsonErrors)
                    {
                        batch.Error(position + reader.BytesConsumed, $"invalid JSON line: {Describe(ex)}");
                    }
                }
            }

            position = end + 1;
        }
    }

    /// <summary>A line's value: its records when it is a whole log file, else one record.</summary>
    private static void AddLine(EventBatch batch, JsonField value, InvalidUtf8 invalid)
    {
        JsonField records = RecordsOf(value);
        if (!records.Exists)
        {
            AddRecord(batch, value, invalid);
            return;
        }

        foreach (JsonField record in records.EnumerateArray())
        {
            AddRecord(batch, record, invalid);
        }
    }

    /// <summary>The array of a <c>{"Records":[…]}</c> object (its first member, compared unescaped), or missing.</summary>
    private static JsonField RecordsOf(JsonField value)
    {
        foreach (JsonMember member in value.EnumerateObject())
        {
            return member.Name.Equals("Records"u8) && member.Value.Kind == JsonFieldKind.Array ? member.Value : JsonField.Missing;
        }

        return JsonField.Missing;
    }

    /// <summary>Reads the document at <paramref name="first"/>; returns the offset after it, or -1 after an error.</summary>
    private static int ParseDocument(EventBatch batch, ReadOnlySpan<byte> span, int first, InvalidUtf8 invalid, bool reportJsonErrors)
    {
        if (TryScanDocument(batch, span, first, out int scannedRecords, out int scannedEnd))
        {
            return scannedEnd;
        }

        // The scanner gave up at some point: read the document again with Utf8JsonReader, which reports what is
        // wrong and where, skipping the records the scanner already added.
        var reader = new Utf8JsonReader(span[first..], Options);
        try
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    Utf8JsonReader probe = reader;
                    if (probe.Read() && probe.TokenType == JsonTokenType.PropertyName && probe.ValueTextEquals("Records"u8)
                        && probe.Read() && probe.TokenType == JsonTokenType.StartArray)
                    {
                        reader = probe;
                        ParseArray(batch, ref reader, first, invalid, scannedRecords);

                        // Members after the records are read (so the document's end is known) but not kept.
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                        {
                            reader.Skip();
                        }
                    }
                    else
                    {
                        AddRecord(batch, batch.Events.AppendValue(ref reader, first), invalid);
                    }

                    return first + (int)reader.BytesConsumed;
                case JsonTokenType.StartArray:
                    ParseArray(batch, ref reader, first, invalid, scannedRecords);
                    return first + (int)reader.BytesConsumed;
                default:
                    batch.Error(first, $"expected a JSON object or array, found {reader.TokenType}");
                    return -1;
            }
        }
        catch (JsonException ex)
        {
            if (reportJsonErrors)
            {
                string kept = batch.Count > 0 ? $"; the {batch.Count} events before it were processed" : "";
                batch.Error(first + reader.BytesConsumed, $"invalid JSON: {Describe(ex)}{kept}");
            }

            return -1;
        }
    }

    /// <summary>
    /// The fast path for a whole document: <see cref="EventBuffer.TryAppendValue"/> on each record of a
    /// <c>{"Records":[…]}</c> file or top-level array, or on the one event; <paramref name="end"/> is the offset after
    /// the document. False when it gave up; <paramref name="records"/> then says how many leading array elements it
    /// has already handled.
    /// </summary>
    private static bool TryScanDocument(EventBatch batch, ReadOnlySpan<byte> span, int first, out int records, out int end)
    {
        records = 0;
        end = -1;
        int p = first;
        if (span[p] == (byte)'{')
        {
            p = IndexOfNonWhitespace(span, p + 1);
            if (p >= 0 && span[p..].StartsWith("\"Records\""u8))
            {
                p = IndexOfNonWhitespace(span, p + 9);
                if (p >= 0 && span[p] == (byte)':')
                {
                    p = IndexOfNonWhitespace(span, p + 1);
                    if (p >= 0 && span[p] == (byte)'[')
                    {
                        // Anything but the object's end after the records (more members) is left to the reader.
                        if (!TryScanArray(batch, span, p, ref records, out int arrayEnd))
                        {
                            return false;
                        }

                        p = IndexOfNonWhitespace(span, arrayEnd);
                        end = p + 1;
                        return p >= 0 && span[p] == (byte)'}';
                    }
                }
            }
            else if (p >= 0 && span[p] == (byte)'"' && span[(p + 1)..].IndexOfAny((byte)'"', (byte)'\\') is int close
                && close >= 0 && span[p + 1 + close] == (byte)'\\')
            {
                return false; // an escaped first name might still spell "Records"; the reader compares it unescaped
            }

            if (!batch.Events.TryAppendValue(first, span.Length, out JsonField value, out end))
            {
                return false;
            }

            AddRecord(batch, value, InvalidUtf8.None);
            return true;
        }

        return span[p] == (byte)'[' && TryScanArray(batch, span, p, ref records, out end);
    }

    /// <summary>Records of the array at <paramref name="open"/>; <paramref name="end"/> is the offset after it.</summary>
    private static bool TryScanArray(EventBatch batch, ReadOnlySpan<byte> span, int open, ref int records, out int end)
    {
        int p = IndexOfNonWhitespace(span, open + 1);
        end = p + 1;
        if (p >= 0 && span[p] == (byte)']')
        {
            return true;
        }

        while (p >= 0 && span[p] == (byte)'{' && batch.Events.TryAppendValue(p, span.Length, out JsonField value, out int valueEnd))
        {
            AddRecord(batch, value, InvalidUtf8.None);
            records++;
            p = IndexOfNonWhitespace(span, valueEnd);
            if (p < 0)
            {
                return false;
            }

            if (span[p] == (byte)']')
            {
                end = p + 1;
                return true;
            }

            if (span[p] != (byte)',')
            {
                return false;
            }

            p = IndexOfNonWhitespace(span, p + 1);
        }

        return false;
    }

    /// <summary>
    /// Reads array elements as records; the reader starts on the array's opening bracket. The first
    /// <paramref name="skip"/> elements were already added by the scanner and are only stepped over.
    /// </summary>
    private static void ParseArray(EventBatch batch, ref Utf8JsonReader reader, int baseOffset, InvalidUtf8 invalid, int skip)
    {
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            long offset = baseOffset + reader.TokenStartIndex;
            if (index < skip)
            {
                reader.Skip();
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                AddRecord(batch, batch.Events.AppendValue(ref reader, baseOffset), invalid);
            }
            else
            {
                batch.Error(offset, $"record {index} is {Describe(reader.TokenType)}, not a JSON object; skipped");
                reader.Skip();
            }

            index++;
        }
    }

    private static void AddRecord(EventBatch batch, JsonField value, InvalidUtf8 invalid)
    {
        ReadOnlySpan<byte> whole = value.RawJson;
        long start = StartOf(batch, whole);
        if (value.Kind != JsonFieldKind.Object)
        {
            batch.Error(start, $"record is {value.Kind}, not a JSON object; skipped");
            return;
        }

        if (invalid.FirstWithin(start, whole.Length) is long bad)
        {
            batch.Error(bad, "record contains invalid UTF-8; skipped");
            return;
        }

        // "detail" is looked up only when "detail-type" exists: a CloudTrail record has neither. Each lookup scans
        // the record's top-level member names, comparing lengths before bytes.
        JsonField detailType = value.Property("detail-type"u8);
        JsonField detail = detailType.Exists ? value.Property("detail"u8) : JsonField.Missing;
        if (detailType.Exists && detail.Kind == JsonFieldKind.Object)
        {
            batch.Add(detail, detailType.Contains("via CloudTrail") ? LogTypes.CloudTrail : Classify(detail));
            return;
        }

        batch.Add(value, Classify(value));
    }

    private static string Classify(JsonField record) =>
        record.Property("eventSource"u8).Exists && record.Property("eventName"u8).Exists && record.Property("eventTime"u8).Exists
            ? LogTypes.CloudTrail
            : LogTypes.Unknown;

    private static long StartOf(EventBatch batch, ReadOnlySpan<byte> slice)
    {
        ReadOnlySpan<byte> all = batch.Events.Utf8.Span;
        return slice.IsEmpty ? 0 : (long)System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(all),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(slice));
    }

    private static int IndexOfNonWhitespace(ReadOnlySpan<byte> span, int from)
    {
        int i = span[from..].IndexOfAnyExcept(" \t\r\n"u8);
        return i < 0 ? -1 : from + i;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static string Describe(JsonException ex)
    {
        // System.Text.Json appends its own line/byte position; the caller reports the absolute offset instead.
        string message = ex.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }

    /// <summary>
    /// Offsets of invalid UTF-8 sequences in the input, found with one vectorised pass on first use. Only records the
    /// reader indexed need the check: the scanner accepts valid UTF-8 only, so its records use <see cref="None"/>.
    /// </summary>
    private sealed class InvalidUtf8(ReadOnlyMemory<byte> data)
    {
        public static readonly InvalidUtf8 None = new(ReadOnlyMemory<byte>.Empty);

        private List<long>? _offsets;

        public long? FirstWithin(long start, int length)
        {
            foreach (long offset in _offsets ??= Find(data.Span))
            {
                if (offset >= start && offset < start + length)
                {
                    return offset;
                }
            }

            return null;
        }

        private static List<long> Find(ReadOnlySpan<byte> span)
        {
            var offsets = new List<long>();
            if (Utf8.IsValid(span))
            {
                return offsets;
            }

            Span<char> scratch = stackalloc char[4096];
            int position = 0;
            while (position < span.Length)
            {
                OperationStatus status = Utf8.ToUtf16(span[position..], scratch, out int read, out _, replaceInvalidSequences: false);
                position += read;
                if (status == OperationStatus.InvalidData || status == OperationStatus.NeedMoreData)
                {
                    offsets.Add(position);
                    position++;
                }
            }

            return offsets;
        }
    }
}

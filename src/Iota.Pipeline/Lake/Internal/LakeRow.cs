using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Iota.Pipeline.Bloom.Internal;
using Iota.Sdk;

namespace Iota.Pipeline.Lake.Internal;

/// <summary>
/// Writes one lake row: the event's original bytes with the <c>p_</c> fields spliced in before its closing brace,
/// never re-serialised. Line breaks between tokens (pretty-printed input) become spaces so the row is one
/// NDJSON line; a raw line break cannot occur inside a JSON string, so nothing else changes.
/// </summary>
internal static class LakeRow
{
    private static readonly byte[] s_lakeMarker = "\"p_row_id\""u8.ToArray();

    /// <summary>The fields every row of one unit of work shares, encoded once.</summary>
    public sealed class UnitFields(string source, string unitKey, DateTimeOffset parseTime)
    {
        public byte[] Source { get; } = JsonEncodedText.Encode(source).EncodedUtf8Bytes.ToArray();

        public byte[] UnitKey { get; } = Encoding.UTF8.GetBytes(unitKey);

        public byte[] ParseTime { get; } = Timestamp(parseTime);
    }

    /// <summary>
    /// The row id: a hash of the log type and the event's own id, so the same event read twice (a reprocessed
    /// unit, an overlapping file) gets the same id; events without an id hash their unit key and position.
    /// </summary>
    public static ulong RowId(Event e, byte[] logType, UnitFields unit, int index)
    {
        var hash = new XxHash64();
        hash.Append(logType);
        hash.Append([0]);
        JsonField id = e.EventId;
        if (!id.IsNullOrEmpty)
        {
            hash.Append(id.RawJson);
        }
        else
        {
            hash.Append(unit.UnitKey);
            Span<byte> position = stackalloc byte[sizeof(int)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(position, index);
            hash.Append(position);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Appends the row for <paramref name="record"/> (a JSON object) and its line feed to <paramref name="output"/>.</summary>
    public static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> record, byte[] logType, DateTimeOffset eventTime, UnitFields unit, ulong rowId)
    {
        int close = LastNonWhitespace(record, record.Length);
        if (close < 0 || record[close] != (byte)'}')
        {
            throw new InvalidOperationException("a lake row must be a JSON object");
        }

        ReadOnlySpan<byte> body = record[..close];
        if (record.IndexOf(s_lakeMarker) >= 0)
        {
            // Already a lake row (a lake replayed into another lake): its p_ fields stay as they were.
            CopyOneLine(output, record[..(close + 1)]);
            output.Write("\n"u8);
            return;
        }

        CopyOneLine(output, body);
        int previous = LastNonWhitespace(record, close);
        if (previous >= 0 && record[previous] != (byte)'{')
        {
            output.Write(","u8);
        }

        output.Write("\"p_log_type\":\""u8);
        output.Write(logType);
        output.Write("\",\"p_event_time\":\""u8);
        WriteTimestamp(output.GetSpan(TimestampLength), eventTime);
        output.Advance(TimestampLength);
        output.Write("\",\"p_parse_time\":\""u8);
        output.Write(unit.ParseTime);
        output.Write("\",\"p_row_id\":\""u8);
        Span<byte> hex = output.GetSpan(16);
        Utf8Formatter.TryFormat(rowId, hex, out _, new StandardFormat('x', 16));
        output.Advance(16);
        output.Write("\",\"p_source\":\""u8);
        output.Write(unit.Source);
        output.Write("\"}\n"u8);
    }

    /// <summary>UTC as <c>yyyy-MM-dd HH:mm:ss.fff</c>: read as a timestamp by DuckDB and by Athena's JSON SerDe alike.</summary>
    public static byte[] Timestamp(DateTimeOffset time)
    {
        var text = new byte[TimestampLength];
        WriteTimestamp(text, time);
        return text;
    }

    private const int TimestampLength = 23;

    // Digit by digit: every row carries one, and the culture-aware formatter parses its format string each time.
    private static void WriteTimestamp(Span<byte> into, DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        utc.Deconstruct(out int year, out int month, out int day);
        Digits(into[..4], year);
        into[4] = (byte)'-';
        Digits(into.Slice(5, 2), month);
        into[7] = (byte)'-';
        Digits(into.Slice(8, 2), day);
        into[10] = (byte)' ';
        Digits(into.Slice(11, 2), utc.Hour);
        into[13] = (byte)':';
        Digits(into.Slice(14, 2), utc.Minute);
        into[16] = (byte)':';
        Digits(into.Slice(17, 2), utc.Second);
        into[19] = (byte)'.';
        Digits(into.Slice(20, 3), utc.Millisecond);
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (int i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void CopyOneLine(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        Span<byte> target = output.GetSpan(bytes.Length)[..bytes.Length];
        bytes.CopyTo(target);
        if (target.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            target.Replace((byte)'\n', (byte)' ');
            target.Replace((byte)'\r', (byte)' ');
        }

        output.Advance(bytes.Length);
    }

    private static int LastNonWhitespace(ReadOnlySpan<byte> bytes, int before)
    {
        int i = before - 1;
        while (i >= 0 && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i--;
        }

        return i;
    }
}

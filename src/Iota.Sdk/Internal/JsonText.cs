using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Iota.Sdk.Internal;

/// <summary>Allocation-free comparisons between raw JSON string bytes and UTF-8 or UTF-16 literals.</summary>
internal static class JsonText
{
    private const int StackLimit = 512;

    /// <summary>Unescapes JSON string content. The output is never longer than the input.</summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int w = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b != (byte)'\\' || i + 1 >= raw.Length)
            {
                destination[w++] = b;
                continue;
            }

            byte e = raw[++i];
            switch (e)
            {
                case (byte)'n': destination[w++] = (byte)'\n'; break;
                case (byte)'t': destination[w++] = (byte)'\t'; break;
                case (byte)'r': destination[w++] = (byte)'\r'; break;
                case (byte)'b': destination[w++] = (byte)'\b'; break;
                case (byte)'f': destination[w++] = (byte)'\f'; break;
                case (byte)'u':
                    if (i + 4 >= raw.Length || !TryHex(raw.Slice(i + 1, 4), out int code))
                    {
                        destination[w++] = e;
                        break;
                    }

                    i += 4;
                    if (char.IsHighSurrogate((char)code) && i + 6 < raw.Length && raw[i + 1] == (byte)'\\' && raw[i + 2] == (byte)'u'
                        && TryHex(raw.Slice(i + 3, 4), out int low) && char.IsLowSurrogate((char)low))
                    {
                        code = char.ConvertToUtf32((char)code, (char)low);
                        i += 6;
                    }

                    if (!Rune.TryCreate(code, out Rune rune))
                    {
                        rune = Rune.ReplacementChar;
                    }

                    w += rune.EncodeToUtf8(destination[w..]);
                    break;
                default: destination[w++] = e; break; // \" \\ \/
            }
        }

        return w;
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out int value) =>
        Utf8Parser.TryParse(hex, out value, out int consumed, 'X') && consumed == 4;

    /// <summary>Compares UTF-8 bytes with a UTF-16 string without allocating.</summary>
    public static bool Utf8Equals(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> text)
    {
        if (Ascii.IsValid(utf8))
        {
            return utf8.Length == text.Length && Ascii.Equals(utf8, text);
        }

        if (utf8.Length < text.Length || utf8.Length > text.Length * 3)
        {
            return false;
        }

        return WithUtf8(text, utf8, static (needle, value) => value.SequenceEqual(needle));
    }

    /// <summary>Runs <paramref name="check"/> with <paramref name="text"/> transcoded to UTF-8 on the stack when it fits.</summary>
    public static bool WithUtf8(ReadOnlySpan<char> text, ReadOnlySpan<byte> value, Utf8Check check)
    {
        int max = text.Length * 3;
        byte[]? rented = null;
        // Sized to the text, not to StackLimit: stack memory is zeroed on every call, and rules call this per event.
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int n = Encoding.UTF8.GetBytes(text, buffer);
            return check(buffer[..n], value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Runs <paramref name="check"/> over the unescaped form of <paramref name="raw"/>.</summary>
    public static bool WithUnescaped<TState>(ReadOnlySpan<byte> raw, TState state, UnescapedCheck<TState> check)
        where TState : allows ref struct
    {
        byte[]? rented = null;
        Span<byte> buffer = raw.Length <= StackLimit ? stackalloc byte[raw.Length] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            int n = Unescape(raw, buffer);
            return check(buffer[..n], state);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>ASCII case-insensitive search; non-ASCII bytes must match exactly.</summary>
    public static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        if (needle.IsEmpty)
        {
            return 0;
        }

        // Only positions whose byte equals the needle's first byte, ignoring ASCII case, can match: find them with
        // a vectorised search and verify each, instead of comparing at every position of the haystack.
        byte first = needle[0];
        byte lower = (byte)(first | 0x20);
        bool letter = lower is >= (byte)'a' and <= (byte)'z';
        int last = haystack.Length - needle.Length;
        for (int i = 0; i <= last;)
        {
            ReadOnlySpan<byte> rest = haystack[i..(last + 1)];
            int next = letter ? rest.IndexOfAny(lower, (byte)(lower & ~0x20)) : rest.IndexOf(first);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (EqualsIgnoreCase(haystack.Slice(i, needle.Length), needle))
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// ASCII letters compare case-insensitively, every other byte exactly. (<see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// returns false as soon as either side holds a non-ASCII byte, so it cannot be used on arbitrary UTF-8.)
    /// </summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            int x = a[i];
            int y = b[i];
            if (x != y && ((x | 0x20) != (y | 0x20) || (uint)((x | 0x20) - 'a') > 'z' - 'a'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParseDateTime(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        if (TryParseUtcTimestamp(utf8, out value))
        {
            return true;
        }

        Span<char> chars = stackalloc char[64];
        if (utf8.Length > chars.Length || !Ascii.IsValid(utf8))
        {
            value = default;
            return false;
        }

        int n = Encoding.ASCII.GetChars(utf8, chars);
        return DateTimeOffset.TryParse(chars[..n], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>
    /// The form CloudTrail and most AWS logs write, <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}]Z</c>, read digit by digit: about
    /// a sixth of what the culture-aware parser costs (19 vs 113 ns), and it is read for every event that goes to the lake or
    /// through serve. Anything else (offsets, a lower-case t or z, more than seven fraction digits, a leap second)
    /// returns false and takes the general parser, which gives the same value for everything accepted here.
    /// </summary>
    internal static bool TryParseUtcTimestamp(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s.Length > 28 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || s[^1] != 'Z'
            || !TryDigits(s[..4], out int year) || !TryDigits(s.Slice(5, 2), out int month) || !TryDigits(s.Slice(8, 2), out int day)
            || !TryDigits(s.Slice(11, 2), out int hour) || !TryDigits(s.Slice(14, 2), out int minute)
            || !TryDigits(s.Slice(17, 2), out int second))
        {
            return false;
        }

        long fractionTicks = 0;
        if (s.Length > 20)
        {
            ReadOnlySpan<byte> fraction = s[20..^1];
            if (s[19] != '.' || fraction.IsEmpty || !TryDigits(fraction, out int digits))
            {
                return false;
            }

            fractionTicks = digits;
            for (int i = fraction.Length; i < 7; i++)
            {
                fractionTicks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59
            || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fractionTicks));
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }
}

internal delegate bool Utf8Check(ReadOnlySpan<byte> needle, ReadOnlySpan<byte> value);

internal delegate bool UnescapedCheck<TState>(ReadOnlySpan<byte> unescaped, TState state)
    where TState : allows ref struct;

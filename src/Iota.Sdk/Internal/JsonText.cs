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
}

internal delegate bool Utf8Check(ReadOnlySpan<byte> needle, ReadOnlySpan<byte> value);

internal delegate bool UnescapedCheck<TState>(ReadOnlySpan<byte> unescaped, TState state)
    where TState : allows ref struct;

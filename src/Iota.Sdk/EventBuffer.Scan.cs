using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Iota.Sdk.Internal;

namespace Iota.Sdk;

// The fast path for indexing: a strict JSON scanner that builds the token index directly from the bytes, without a
// Utf8JsonReader in between. It accepts exactly what Utf8JsonReader accepts under default options (RFC 8259: no
// comments, no trailing commas, no control characters in strings, valid escapes and numbers) or gives up, and it
// never explains why: the caller then indexes the same bytes with AppendValue and a reader, which reports the
// error and its offset. Unlike the reader, it also gives up on strings that are not valid UTF-8 (bytes outside
// strings are ASCII or a syntax error), so a value it accepts is valid UTF-8 throughout and needs no second pass.
public sealed partial class EventBuffer
{
    /// <summary>Containers nested deeper than this make <see cref="TryAppendValue"/> give up (the reader allows 256).</summary>
    public const int ScanMaxDepth = 64;

    // The known top-level members (KnownField) of the last object the scanner indexed, noted while its names were in
    // cache: AddEvent and FindMember on that root read them here instead of walking its members again. _scanRoot is
    // that object's token, or -1 (nothing scanned since Reset, the scan gave up, or a top-level name was escaped).
    private readonly int[] _scanKnown = new int[KnownField.Count];
    private int _scanRoot = -1;

    /// <summary>
    /// Indexes the JSON value that starts at byte <paramref name="start"/> of <see cref="Utf8"/> (after optional
    /// whitespace) and lies before <paramref name="limit"/>, reading the bytes directly rather than through a
    /// <see cref="System.Text.Json.Utf8JsonReader"/>. Gives up, returning false and leaving the buffer as it was,
    /// when the text is not one valid JSON value there, ends early, holds a string that is not valid UTF-8, or nests
    /// more than <see cref="ScanMaxDepth"/> containers deep; callers then use <see cref="AppendValue"/>, which reports
    /// JSON errors and where (and, like the reader, does not check UTF-8). When it succeeds, the index is the one
    /// <see cref="AppendValue"/> builds for the same bytes, and the value is valid UTF-8.
    /// </summary>
    /// <param name="start">Offset in <see cref="Utf8"/> where the value (or whitespace before it) begins.</param>
    /// <param name="limit">Offset in <see cref="Utf8"/> the value must end before.</param>
    /// <param name="value">The appended value.</param>
    /// <param name="end">Offset just past the value's last byte.</param>
    public bool TryAppendValue(int start, int limit, out JsonField value, out int end)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)limit, (uint)_utf8.Length, nameof(limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)start, (uint)limit, nameof(start));
        int first = _tokenCount;
        _scanRoot = -1;
        end = Scan(_utf8.Span[..limit], start);
        if (end < 0)
        {
            _tokenCount = first;
            value = default;
            return false;
        }

        value = new JsonField(this, first);
        return true;
    }

    // One loop over the bytes with three states: a value is expected (Value), a member name is expected (Member),
    // or a value just ended (After). Returns the offset after the value, or -1 to give up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(ReadOnlySpan<byte> json, int position)
    {
        int[] stack = _stack.Length >= ScanMaxDepth ? _stack : (_stack = new int[ScanMaxDepth]);
        ulong inObject = 0; // bit d: the container at depth d is an object
        int depth = 0;
        int p = SkipWhitespace(json, position);
        int root = _tokenCount;
        bool noteKnown = (uint)p < (uint)json.Length && json[p] == (byte)'{';
        if (noteKnown)
        {
            _scanKnown.AsSpan().Fill(-1);
        }

    Value:
        if ((uint)p >= (uint)json.Length)
        {
            return -1;
        }

        switch (json[p])
        {
            case (byte)'"':
            {
                int close = ScanString(json, p + 1, out bool escaped);
                if (close < 0)
                {
                    return -1;
                }

                AddToken(p + 1, close - p - 1, JsonFieldKind.String, escaped);
                p = close + 1;
                goto After;
            }

            case (byte)'{':
                if (depth == ScanMaxDepth)
                {
                    return -1;
                }

                inObject |= 1UL << depth;
                stack[depth++] = AddToken(p, 0, JsonFieldKind.Object, false);
                p = SkipWhitespace(json, p + 1);
                if ((uint)p < (uint)json.Length && json[p] == (byte)'}')
                {
                    Close(stack[--depth], p++);
                    goto After;
                }

                goto Member;

            case (byte)'[':
                if (depth == ScanMaxDepth)
                {
                    return -1;
                }

                inObject &= ~(1UL << depth);
                stack[depth++] = AddToken(p, 0, JsonFieldKind.Array, false);
                p = SkipWhitespace(json, p + 1);
                if ((uint)p < (uint)json.Length && json[p] == (byte)']')
                {
                    Close(stack[--depth], p++);
                    goto After;
                }

                goto Value;

            case (byte)'t' or (byte)'f' or (byte)'n':
            {
                JsonFieldKind literal = Literal(json, p, out int length);
                if (literal == JsonFieldKind.Missing)
                {
                    return -1;
                }

                AddToken(p, length, literal, false);
                p += length;
                goto After;
            }

            default:
            {
                int numberEnd = ScanNumber(json, p);
                if (numberEnd < 0)
                {
                    return -1;
                }

                AddToken(p, numberEnd - p, JsonFieldKind.Number, false);
                p = numberEnd;
                goto After;
            }
        }

    Member:
        if ((uint)p >= (uint)json.Length || json[p] != (byte)'"')
        {
            return -1;
        }

        {
            int close = ScanString(json, p + 1, out bool escaped);
            if (close < 0)
            {
                return -1;
            }

            AddToken(p + 1, close - p - 1, JsonFieldKind.PropertyName, escaped);
            if (depth == 1 && noteKnown)
            {
                // A member of the root object; an escaped name would need unescaping, which AddEvent does.
                noteKnown = !escaped;
                int slot = KnownField.Lookup(json.Slice(p + 1, close - p - 1));
                if (slot >= 0 && _scanKnown[slot] < 0)
                {
                    _scanKnown[slot] = _tokenCount;
                }
            }

            p = SkipWhitespace(json, close + 1);
            if ((uint)p >= (uint)json.Length || json[p] != (byte)':')
            {
                return -1;
            }

            p = SkipWhitespace(json, p + 1);
            goto Value;
        }

    After:
        if (depth == 0)
        {
            _scanRoot = noteKnown ? root : -1;
            return p;
        }

        p = SkipWhitespace(json, p);
        if ((uint)p >= (uint)json.Length)
        {
            return -1;
        }

        bool isObject = (inObject & (1UL << (depth - 1))) != 0;
        byte c = json[p];
        if (c == (byte)',')
        {
            p = SkipWhitespace(json, p + 1);
            if (isObject)
            {
                goto Member;
            }

            goto Value;
        }

        if (c == (isObject ? (byte)'}' : (byte)']'))
        {
            Close(stack[--depth], p++);
            goto After;
        }

        return -1;
    }

    /// <summary>The kind of the literal (true, false, null) starting at <paramref name="p"/>, or missing.</summary>
    private static JsonFieldKind Literal(ReadOnlySpan<byte> json, int p, out int length)
    {
        JsonFieldKind kind = json[p] switch
        {
            (byte)'t' => JsonFieldKind.True,
            (byte)'f' => JsonFieldKind.False,
            _ => JsonFieldKind.Null,
        };
        ReadOnlySpan<byte> text = kind switch
        {
            JsonFieldKind.True => "true"u8,
            JsonFieldKind.False => "false"u8,
            _ => "null"u8,
        };
        length = text.Length;
        return json[p..].StartsWith(text) ? kind : JsonFieldKind.Missing;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AddToken(int start, int length, JsonFieldKind kind, bool escaped)
    {
        int index = _tokenCount;
        Token[] tokens = _tokens;
        if ((uint)index >= (uint)tokens.Length)
        {
            Array.Resize(ref _tokens, tokens.Length * 2);
            tokens = _tokens;
        }

        _tokenCount = index + 1;
        tokens[index] = new Token { Start = start, Length = length, Next = index + 1, Kind = kind, Escaped = escaped };
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Close(int open, int closer)
    {
        ref Token token = ref _tokens[open];
        token.Next = _tokenCount;
        token.Length = closer + 1 - token.Start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int p)
    {
        // Log files are mostly minified: the first byte is usually not whitespace.
        while ((uint)p < (uint)json.Length && json[p] <= (byte)' ' && IsWhitespace(json[p]))
        {
            p++;
        }

        return p;
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>
    /// From the first content byte of a string, the offset of its closing quote, or -1 when the string is not
    /// closed before the end, holds a control character, has an invalid escape or is not valid UTF-8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScanString(ReadOnlySpan<byte> json, int p, out bool escaped)
    {
        escaped = false;
        ref byte start = ref MemoryMarshal.GetReference(json);
        int length = json.Length;
        int content = p;

        // While the string is ASCII so far, bytes from 0x80 stop the search too; after the first, only the closing
        // quote does, and the whole string's UTF-8 is validated once there.
        bool ascii = true;
        while (true)
        {
            // Find the first quote, backslash, control character or non-ASCII byte, a vector at a time while one fits.
            if (Vector256.IsHardwareAccelerated)
            {
                while (p <= length - Vector256<byte>.Count)
                {
                    Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)p);
                    Vector256<byte> special = Vector256.Equals(v, Vector256.Create((byte)'"'))
                        | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                        | Vector256.LessThan(v, Vector256.Create((byte)' '));
                    uint bits = special.ExtractMostSignificantBits() | (ascii ? v.ExtractMostSignificantBits() : 0);
                    if (bits != 0)
                    {
                        p += BitOperations.TrailingZeroCount(bits);
                        goto Found;
                    }

                    p += Vector256<byte>.Count;
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                while (p <= length - Vector128<byte>.Count)
                {
                    Vector128<byte> v = Vector128.LoadUnsafe(ref start, (nuint)p);
                    Vector128<byte> special = Vector128.Equals(v, Vector128.Create((byte)'"'))
                        | Vector128.Equals(v, Vector128.Create((byte)'\\'))
                        | Vector128.LessThan(v, Vector128.Create((byte)' '));
                    uint bits = special.ExtractMostSignificantBits() | (ascii ? v.ExtractMostSignificantBits() : 0);
                    if (bits != 0)
                    {
                        p += BitOperations.TrailingZeroCount(bits);
                        goto Found;
                    }

                    p += Vector128<byte>.Count;
                }
            }

            while (true)
            {
                if (p >= length)
                {
                    return -1;
                }

                byte b = Unsafe.Add(ref start, p);
                if (b == (byte)'"' || b == (byte)'\\' || b < (byte)' ' || (ascii && b >= 0x80))
                {
                    break;
                }

                p++;
            }

        Found:
            byte c = Unsafe.Add(ref start, p);
            if (c == (byte)'"')
            {
                return ascii || System.Text.Unicode.Utf8.IsValid(json[content..p]) ? p : -1;
            }

            if (c >= 0x80)
            {
                ascii = false;
                continue;
            }

            if (c != (byte)'\\' || p + 1 >= length)
            {
                return -1;
            }

            escaped = true;
            switch (Unsafe.Add(ref start, p + 1))
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    p += 2;
                    break;
                case (byte)'u':
                    if (p + 6 > length || !IsHex(json[p + 2]) || !IsHex(json[p + 3]) || !IsHex(json[p + 4]) || !IsHex(json[p + 5]))
                    {
                        return -1;
                    }

                    p += 6;
                    break;
                default:
                    return -1;
            }
        }
    }

    private static bool IsHex(byte c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>
    /// The offset after the number that starts at <paramref name="p"/>, or -1 when it breaks the JSON number grammar
    /// or is followed by anything but whitespace, a comma, a closing bracket or the end.
    /// </summary>
    private static int ScanNumber(ReadOnlySpan<byte> json, int p)
    {
        if (json[p] == (byte)'-')
        {
            p++;
        }

        if ((uint)p >= (uint)json.Length)
        {
            return -1;
        }

        if (json[p] == (byte)'0')
        {
            p++;
        }
        else if (IsDigit(json[p]))
        {
            p = SkipDigits(json, p + 1);
        }
        else
        {
            return -1;
        }

        if ((uint)p < (uint)json.Length && json[p] == (byte)'.')
        {
            if ((uint)(p + 1) >= (uint)json.Length || !IsDigit(json[p + 1]))
            {
                return -1;
            }

            p = SkipDigits(json, p + 2);
        }

        if ((uint)p < (uint)json.Length && (json[p] | 0x20) == (byte)'e')
        {
            p++;
            if ((uint)p < (uint)json.Length && json[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }

            if ((uint)p >= (uint)json.Length || !IsDigit(json[p]))
            {
                return -1;
            }

            p = SkipDigits(json, p + 1);
        }

        if ((uint)p < (uint)json.Length && json[p] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return -1;
        }

        return p;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    private static int SkipDigits(ReadOnlySpan<byte> json, int p)
    {
        while ((uint)p < (uint)json.Length && IsDigit(json[p]))
        {
            p++;
        }

        return p;
    }
}

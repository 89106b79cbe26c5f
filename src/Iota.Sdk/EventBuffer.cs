using System.Runtime.CompilerServices;
using System.Text.Json;
using Iota.Sdk.Internal;

namespace Iota.Sdk;

/// <summary>
/// UTF-8 JSON bytes plus a compact token index over them, built in one pass: by the strict scanner of
/// <see cref="TryAppendValue"/>, or from a <see cref="Utf8JsonReader"/> by <see cref="AppendValue"/>.
/// Events are views into this buffer: reading a field never copies or allocates. Engines fill a buffer per
/// file or message and reuse it; rule authors normally meet only <see cref="Event"/> (and
/// <see cref="Event.Parse(string)"/> in tests). Not thread-safe while being filled; safe to read concurrently.
/// </summary>
public sealed partial class EventBuffer
{
    private Token[] _tokens = new Token[256];
    private int _tokenCount;
    private int[] _stack = new int[32];
    private int[] _roots = new int[16];
    private int[] _known = new int[16 * KnownField.Count];
    private int _count;
    private ReadOnlyMemory<byte> _utf8;

    /// <summary>The bytes the events point into.</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8;

    /// <summary>Number of events added with <see cref="AddEvent"/>.</summary>
    public int Count => _count;

    /// <summary>Number of tokens indexed so far (a measure of the index's size).</summary>
    public int TokenCount => _tokenCount;

    /// <summary>The event at <paramref name="index"/>.</summary>
    public Event this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return new Event(this, index);
        }
    }

    /// <summary>The original bytes of event <paramref name="index"/>: a slice of <see cref="Utf8"/>, not a copy.</summary>
    public ReadOnlyMemory<byte> GetEventUtf8(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        ref Token root = ref _tokens[_roots[index]];
        return _utf8.Slice(root.Start, root.Length);
    }

    internal Token[] Tokens => _tokens;

    internal ReadOnlySpan<byte> Span => _utf8.Span;

    /// <summary>Points the buffer at new bytes and forgets every token and event; keeps its arrays for reuse.</summary>
    public void Reset(ReadOnlyMemory<byte> utf8)
    {
        _utf8 = utf8;
        _tokenCount = 0;
        _count = 0;
        _scanRoot = -1;
    }

    /// <summary>
    /// Indexes the JSON value the reader is positioned on (or the next one, if it has not read yet) and leaves the
    /// reader on its last token. <paramref name="baseOffset"/> is where the reader's input starts within
    /// <see cref="Utf8"/>. On malformed JSON the reader's <see cref="JsonException"/> propagates and the partial
    /// value's tokens are discarded, so the buffer stays consistent.
    /// </summary>
    /// <returns>The appended value, which <see cref="AddEvent"/> can register (or a part of it).</returns>
    // Runs once per record from the first file on: compiled fully optimized at once instead of starting at tier 0,
    // which on a short run spends a noticeable share of the indexing time in unoptimized code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public JsonField AppendValue(ref Utf8JsonReader reader, int baseOffset = 0)
    {
        int first = _tokenCount;
        try
        {
            if (reader.TokenType == JsonTokenType.None && !reader.Read())
            {
                throw new JsonException("Expected a JSON value but the input ended.");
            }

            int depth = 0;
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (depth == _stack.Length)
                        {
                            Array.Resize(ref _stack, depth * 2);
                        }

                        _stack[depth++] = AddToken(baseOffset + (int)reader.TokenStartIndex, 0,
                            reader.TokenType == JsonTokenType.StartObject ? JsonFieldKind.Object : JsonFieldKind.Array, false);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        ref Token open = ref _tokens[_stack[--depth]];
                        open.Next = _tokenCount;
                        open.Length = baseOffset + (int)reader.TokenStartIndex + 1 - open.Start;
                        break;
                    case JsonTokenType.PropertyName:
                        AddToken(baseOffset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, JsonFieldKind.PropertyName, reader.ValueIsEscaped);
                        break;
                    case JsonTokenType.String:
                        AddToken(baseOffset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, JsonFieldKind.String, reader.ValueIsEscaped);
                        break;
                    case JsonTokenType.Number:
                        AddToken(baseOffset + (int)reader.TokenStartIndex, reader.ValueSpan.Length, JsonFieldKind.Number, false);
                        break;
                    case JsonTokenType.True:
                        AddToken(baseOffset + (int)reader.TokenStartIndex, 4, JsonFieldKind.True, false);
                        break;
                    case JsonTokenType.False:
                        AddToken(baseOffset + (int)reader.TokenStartIndex, 5, JsonFieldKind.False, false);
                        break;
                    case JsonTokenType.Null:
                        AddToken(baseOffset + (int)reader.TokenStartIndex, 4, JsonFieldKind.Null, false);
                        break;
                    default:
                        break; // comments, when a caller's reader allows them
                }

                if (depth == 0)
                {
                    return new JsonField(this, first);
                }
            }
            while (reader.Read());

            throw new JsonException("The input ended inside a JSON value.");
        }
        catch
        {
            _tokenCount = first;
            throw;
        }
    }

    /// <summary>Registers an object from this buffer's index as an event; returns its index.</summary>
    /// <exception cref="ArgumentException">The field is not an object of this buffer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int AddEvent(JsonField root)
    {
        if (!ReferenceEquals(root.Buffer, this) || root.Kind != JsonFieldKind.Object)
        {
            throw new ArgumentException("An event must be a JSON object indexed by this buffer.", nameof(root));
        }

        if (_count == _roots.Length)
        {
            Array.Resize(ref _roots, _count * 2);
            Array.Resize(ref _known, _roots.Length * KnownField.Count);
        }

        int token = root.TokenIndex;
        _roots[_count] = token;
        Span<int> known = _known.AsSpan(_count * KnownField.Count, KnownField.Count);
        if (token == _scanRoot)
        {
            _scanKnown.CopyTo(known);
        }
        else
        {
            FindKnown(token, known);
        }

        int identity = known[KnownField.UserIdentity];
        if (identity >= 0 && _tokens[identity].Kind == JsonFieldKind.Object)
        {
            known[KnownField.UserIdentityType] = FindMember(identity, "type"u8);
        }

        return _count++;
    }

    /// <summary>Notes where the known fields are among the members of object <paramref name="token"/>.</summary>
    private void FindKnown(int token, Span<int> known)
    {
        known.Fill(-1);
        ReadOnlySpan<byte> utf8 = Span;
        int end = _tokens[token].Next;
        Span<byte> unescaped = stackalloc byte[128];
        for (int i = token + 1; i < end; i = _tokens[i + 1].Next)
        {
            ref Token name = ref _tokens[i];
            ReadOnlySpan<byte> raw = utf8.Slice(name.Start, name.Length);

            // An escaped name ("event\u004eame") is still that field; Get("eventName") finds it, so must the accessors.
            int slot = !name.Escaped ? KnownField.Lookup(raw)
                : raw.Length <= unescaped.Length ? KnownField.Lookup(unescaped[..JsonText.Unescape(raw, unescaped)])
                : -1;
            if (slot >= 0 && known[slot] < 0)
            {
                known[slot] = i + 1;
            }
        }
    }

    /// <summary>
    /// The value token of the first member of object <paramref name="objectToken"/> named <paramref name="name"/>
    /// (compared unescaped), or -1.
    /// </summary>
    internal int FindMember(int objectToken, ReadOnlySpan<byte> name)
    {
        if (objectToken == _scanRoot && KnownField.Lookup(name) is int slot and >= 0)
        {
            return _scanKnown[slot];
        }

        Token[] tokens = _tokens;
        ReadOnlySpan<byte> utf8 = Span;
        int end = tokens[objectToken].Next;
        for (int i = objectToken + 1; i < end; i = tokens[i + 1].Next)
        {
            // Lengths first: a name's bytes sit elsewhere in the JSON text, often no longer in cache, and most
            // members differ in length. Unescaping never lengthens a name, so an escaped one must be at least as long.
            ref Token t = ref tokens[i];
            if (t.Escaped)
            {
                if (t.Length >= name.Length
                    && JsonText.WithUnescaped(utf8.Slice(t.Start, t.Length), name, static (u, n) => u.SequenceEqual(n)))
                {
                    return i + 1;
                }
            }
            else if (t.Length == name.Length && utf8.Slice(t.Start, t.Length).SequenceEqual(name))
            {
                return i + 1;
            }
        }

        return -1;
    }

    internal int RootOf(int eventIndex) => _roots[eventIndex];

    internal int KnownToken(int eventIndex, int field) => _known[eventIndex * KnownField.Count + field];
}

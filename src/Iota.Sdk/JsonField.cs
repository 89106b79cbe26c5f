using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Iota.Sdk.Internal;

namespace Iota.Sdk;

/// <summary>
/// A read-only view of one JSON value inside an event. Reading, navigating and comparing allocate nothing;
/// only the <c>As…</c>/<see cref="ToString"/> methods that return strings materialise one. A path that leads
/// nowhere, or a value of another type than asked for, reads as absent (<see cref="Exists"/> false, <c>null</c>
/// from <c>As…</c>, <c>false</c> from comparisons) and never throws.
/// </summary>
public readonly struct JsonField : IEquatable<JsonField>
{
    private readonly EventBuffer? _buffer;
    private readonly int _token;

    internal JsonField(EventBuffer? buffer, int token)
    {
        _buffer = buffer;
        _token = buffer is null ? -1 : token;
    }

    /// <summary>A field that does not exist.</summary>
    public static JsonField Missing => default;

    internal EventBuffer? Buffer => _buffer;

    internal int TokenIndex => _token;

    /// <summary>The JSON kind of the value, or <see cref="JsonFieldKind.Missing"/>.</summary>
    public JsonFieldKind Kind
    {
        get
        {
            if (_buffer is null || _token < 0)
            {
                return JsonFieldKind.Missing;
            }

            JsonFieldKind kind = _buffer.Tokens[_token].Kind;
            return kind == JsonFieldKind.PropertyName ? JsonFieldKind.String : kind;
        }
    }

    /// <summary>True when the path led to a value (which may be JSON <c>null</c>).</summary>
    public bool Exists => Kind != JsonFieldKind.Missing;

    /// <summary>True for JSON <c>null</c>.</summary>
    public bool IsNull => Kind == JsonFieldKind.Null;

    /// <summary>True when the field is missing, JSON null, or an empty string.</summary>
    public bool IsNullOrEmpty => Kind switch
    {
        JsonFieldKind.Missing or JsonFieldKind.Null => true,
        JsonFieldKind.String => RawToken.Length == 0,
        _ => false,
    };

    /// <summary>The value at a dotted path below this one (<c>a.b.c</c>, <c>items.0.name</c> or <c>items[0].name</c>).</summary>
    public JsonField this[string path] => Get(path);

    /// <summary>The element at <paramref name="index"/> of an array, or missing.</summary>
    public JsonField this[int index]
    {
        get
        {
            if (Kind != JsonFieldKind.Array || index < 0)
            {
                return Missing;
            }

            Token[] tokens = _buffer!.Tokens;
            int end = tokens[_token].Next;
            for (int i = _token + 1; i < end; i = tokens[i].Next)
            {
                if (index-- == 0)
                {
                    return new JsonField(_buffer, i);
                }
            }

            return Missing;
        }
    }

    /// <summary>Number of elements of an array or members of an object; 0 for anything else.</summary>
    public int Count
    {
        get
        {
            JsonFieldKind kind = Kind;
            if (kind is not (JsonFieldKind.Array or JsonFieldKind.Object))
            {
                return 0;
            }

            Token[] tokens = _buffer!.Tokens;
            int end = tokens[_token].Next;
            int count = 0;
            for (int i = _token + 1; i < end; i = kind == JsonFieldKind.Object ? tokens[i + 1].Next : tokens[i].Next)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>The original JSON text of this value (strings include their quotes and escapes).</summary>
    public ReadOnlySpan<byte> RawJson
    {
        get
        {
            if (!Exists)
            {
                return default;
            }

            ref Token t = ref _buffer!.Tokens[_token];
            return t.Kind is JsonFieldKind.String or JsonFieldKind.PropertyName
                ? _buffer.Span.Slice(t.Start - 1, t.Length + 2)
                : _buffer.Span.Slice(t.Start, t.Length);
        }
    }

    /// <summary>For a string, its content as it appears in the JSON (still escaped); empty otherwise.</summary>
    private ReadOnlySpan<byte> RawToken
    {
        get
        {
            ref Token t = ref _buffer!.Tokens[_token];
            return _buffer.Span.Slice(t.Start, t.Length);
        }
    }

    private bool IsString => Kind == JsonFieldKind.String;

    private bool IsEscaped => _buffer!.Tokens[_token].Escaped;

    /// <summary>Follows a dotted path (<c>a.b.c</c>; array elements as <c>items.0</c> or <c>items[0]</c>).</summary>
    public JsonField Get(string path) => Get(path.AsSpan());

    /// <summary>Follows a dotted path given as UTF-16 characters.</summary>
    public JsonField Get(ReadOnlySpan<char> path)
    {
        if (Ascii.IsValid(path) && path.Length <= 256)
        {
            Span<byte> utf8 = stackalloc byte[path.Length];
            Ascii.FromUtf16(path, utf8, out _);
            return Get(utf8);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(path.Length));
        try
        {
            int n = Encoding.UTF8.GetBytes(path, rented);
            return Get(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Follows a dotted path given as UTF-8 (<c>"userIdentity.arn"u8</c>).</summary>
    public JsonField Get(ReadOnlySpan<byte> path)
    {
        JsonField current = this;
        while (!path.IsEmpty && current.Exists)
        {
            if (path[0] == (byte)'[')
            {
                int close = path.IndexOf((byte)']');
                if (close < 0 || !Utf8Parser.TryParse(path[1..close], out int index, out int used) || used != close - 1)
                {
                    return Missing;
                }

                current = current[index];
                path = path[(close + 1)..];
                if (!path.IsEmpty && path[0] == (byte)'.')
                {
                    path = path[1..];
                }

                continue;
            }

            int stop = path.IndexOfAny((byte)'.', (byte)'[');
            ReadOnlySpan<byte> segment = stop < 0 ? path : path[..stop];
            path = stop < 0 ? default : path[stop] == (byte)'.' ? path[(stop + 1)..] : path[stop..];
            current = current.Kind switch
            {
                JsonFieldKind.Object => current.Property(segment),
                JsonFieldKind.Array when Utf8Parser.TryParse(segment, out int i, out int n) && n == segment.Length => current[i],
                _ => Missing,
            };
        }

        return current;
    }

    /// <summary>The member of an object with exactly this name (no path splitting), or missing.</summary>
    public JsonField Property(ReadOnlySpan<byte> name)
    {
        if (Kind != JsonFieldKind.Object)
        {
            return Missing;
        }

        int value = _buffer!.FindMember(_token, name);
        return value < 0 ? Missing : new JsonField(_buffer, value);
    }

    /// <summary>The member of an object with exactly this name (no path splitting), or missing.</summary>
    public JsonField Property(string name)
    {
        // Sized to the name: stack memory is zeroed on every call.
        Span<byte> utf8 = name.Length <= 170 ? stackalloc byte[name.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
        int n = Encoding.UTF8.GetBytes(name, utf8);
        return Property(utf8[..n]);
    }

    /// <summary>Ordinal comparison of a string value with UTF-8 bytes (<c>"ConsoleLogin"u8</c>).</summary>
    public bool Equals(ReadOnlySpan<byte> utf8)
    {
        if (!IsString)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = RawToken;
        return IsEscaped ? JsonText.WithUnescaped(raw, utf8, static (u, n) => u.SequenceEqual(n)) : raw.SequenceEqual(utf8);
    }

    /// <summary>Ordinal comparison of a string value with <paramref name="text"/>.</summary>
    public bool Equals(string? text)
    {
        if (text is null)
        {
            return Kind is JsonFieldKind.Missing or JsonFieldKind.Null;
        }

        if (!IsString)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = RawToken;
        return IsEscaped
            ? JsonText.WithUnescaped(raw, text.AsSpan(), static (u, t) => JsonText.Utf8Equals(u, t))
            : JsonText.Utf8Equals(raw, text);
    }

    /// <summary>ASCII case-insensitive comparison of a string value with <paramref name="text"/>.</summary>
    public bool EqualsIgnoreCase(string text)
    {
        if (!IsString)
        {
            return false;
        }

        return WithValue(text, static (needle, value) => JsonText.EqualsIgnoreCase(value, needle));
    }

    /// <summary>True when the string value equals any of <paramref name="values"/> (ordinal).</summary>
    public bool IsOneOf(params ReadOnlySpan<string> values)
    {
        foreach (string value in values)
        {
            if (Equals(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ordinal prefix test on a string value.</summary>
    public bool StartsWith(string prefix) => IsString && WithValue(prefix, static (n, v) => v.StartsWith(n));

    /// <summary>Ordinal suffix test on a string value.</summary>
    public bool EndsWith(string suffix) => IsString && WithValue(suffix, static (n, v) => v.EndsWith(n));

    /// <summary>Ordinal substring test on a string value.</summary>
    public bool Contains(string text) => IsString && WithValue(text, static (n, v) => v.IndexOf(n) >= 0);

    /// <summary>ASCII case-insensitive substring test on a string value.</summary>
    public bool ContainsIgnoreCase(string text) => IsString && WithValue(text, static (n, v) => JsonText.IndexOfIgnoreCase(v, n) >= 0);

    /// <summary>
    /// The index in <paramref name="substrings"/> of the first of its values (in the set's order, not the order they
    /// occur in the text) that the string value contains, ignoring ASCII case; -1 when it contains none or is not a
    /// string. The same answer as calling <see cref="ContainsIgnoreCase(string)"/> with each value in turn, in one
    /// pass over the value, and allocation-free.
    /// </summary>
    public int FirstContainedIgnoreCase(SubstringSet substrings)
    {
        ArgumentNullException.ThrowIfNull(substrings);
        return IsString ? substrings.FirstIn(RawToken, IsEscaped) : -1;
    }

    /// <summary>True when the string value contains any value of <paramref name="substrings"/>, ignoring ASCII case.</summary>
    public bool ContainsAnyIgnoreCase(SubstringSet substrings) => FirstContainedIgnoreCase(substrings) >= 0;

    /// <summary>The unescaped string value, or null when the value is not a string.</summary>
    public string? AsString()
    {
        if (!IsString)
        {
            return null;
        }

        ReadOnlySpan<byte> raw = RawToken;
        if (!IsEscaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        string? result = null;
        JsonText.WithUnescaped(raw, 0, (u, _) =>
        {
            result = Encoding.UTF8.GetString(u);
            return true;
        });
        return result;
    }

    /// <summary>The value as a 64-bit integer when it is a JSON number that fits, else null.</summary>
    public long? AsInt64() =>
        Kind == JsonFieldKind.Number && Utf8Parser.TryParse(RawJson, out long v, out int n) && n == RawJson.Length ? v : null;

    /// <summary>The value as a double when it is a JSON number, else null.</summary>
    public double? AsDouble() =>
        Kind == JsonFieldKind.Number && Utf8Parser.TryParse(RawJson, out double v, out int n) && n == RawJson.Length ? v : null;

    /// <summary>
    /// JSON <c>true</c>/<c>false</c>, or the strings <c>"true"</c>/<c>"false"</c> in any case (CloudTrail writes
    /// several flags, such as <c>mfaAuthenticated</c>, as strings); null for anything else.
    /// </summary>
    public bool? AsBoolean() => Kind switch
    {
        JsonFieldKind.True => true,
        JsonFieldKind.False => false,
        JsonFieldKind.String when EqualsIgnoreCase("true") => true,
        JsonFieldKind.String when EqualsIgnoreCase("false") => false,
        _ => null,
    };

    /// <summary>A string value parsed as an ISO-8601 timestamp (UTC assumed when no offset), else null.</summary>
    public DateTimeOffset? AsDateTimeOffset() =>
        IsString && !IsEscaped && JsonText.TryParseDateTime(RawToken, out DateTimeOffset v) ? v : null;

    /// <summary>Enumerates an array's elements (nothing for other kinds). Allocation-free.</summary>
    public ArrayEnumerator EnumerateArray() => new(Kind == JsonFieldKind.Array ? this : Missing);

    /// <summary>Enumerates an object's members (nothing for other kinds). Allocation-free.</summary>
    public ObjectEnumerator EnumerateObject() => new(Kind == JsonFieldKind.Object ? this : Missing);

    /// <summary>The string value, or the raw JSON text of other values; empty when missing.</summary>
    public override string ToString() => Kind switch
    {
        JsonFieldKind.Missing => "",
        JsonFieldKind.String => AsString()!,
        _ => Encoding.UTF8.GetString(RawJson),
    };

    /// <summary>Two fields are equal when they view the same token of the same buffer.</summary>
    public bool Equals(JsonField other) => ReferenceEquals(_buffer, other._buffer) && _token == other._token;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is JsonField other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_buffer, _token);

    /// <summary>Ordinal string comparison; <c>field == null</c> is true for missing and JSON null.</summary>
    public static bool operator ==(JsonField field, string? text) => field.Equals(text);

    /// <summary>Negation of <see cref="op_Equality(JsonField, string)"/>.</summary>
    public static bool operator !=(JsonField field, string? text) => !field.Equals(text);

    /// <summary>Whether two fields view the same token.</summary>
    public static bool operator ==(JsonField left, JsonField right) => left.Equals(right);

    /// <summary>Whether two fields view different tokens.</summary>
    public static bool operator !=(JsonField left, JsonField right) => !left.Equals(right);

    private bool WithValue(string text, Utf8Check check)
    {
        ReadOnlySpan<byte> raw = RawToken;
        if (!IsEscaped)
        {
            return JsonText.WithUtf8(text, raw, check);
        }

        return JsonText.WithUnescaped(raw, (Text: text, Check: check),
            static (u, s) => JsonText.WithUtf8(s.Text, u, s.Check));
    }

    /// <summary>Enumerates array elements without allocating.</summary>
    public struct ArrayEnumerator
    {
        private readonly JsonField _array;
        private int _current;

        internal ArrayEnumerator(JsonField array)
        {
            _array = array;
            _current = -1;
        }

        /// <summary>The current element.</summary>
        public readonly JsonField Current => new(_array._buffer, _current);

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        public readonly ArrayEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next element.</summary>
        public bool MoveNext()
        {
            if (!_array.Exists)
            {
                return false;
            }

            Token[] tokens = _array._buffer!.Tokens;
            _current = _current < 0 ? _array._token + 1 : tokens[_current].Next;
            return _current < tokens[_array._token].Next;
        }
    }

    /// <summary>Enumerates object members without allocating.</summary>
    public struct ObjectEnumerator
    {
        private readonly JsonField _object;
        private int _current;

        internal ObjectEnumerator(JsonField obj)
        {
            _object = obj;
            _current = -1;
        }

        /// <summary>The current member.</summary>
        public readonly JsonMember Current => new(new JsonField(_object._buffer, _current), new JsonField(_object._buffer, _current + 1));

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        public readonly ObjectEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next member.</summary>
        public bool MoveNext()
        {
            if (!_object.Exists)
            {
                return false;
            }

            Token[] tokens = _object._buffer!.Tokens;
            _current = _current < 0 ? _object._token + 1 : tokens[_current + 1].Next;
            return _current < tokens[_object._token].Next;
        }
    }
}

/// <summary>An object member: its name (a string field) and its value.</summary>
/// <param name="Name">The member name; compare it like any string field.</param>
/// <param name="Value">The member value.</param>
public readonly record struct JsonMember(JsonField Name, JsonField Value);

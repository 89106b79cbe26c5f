using System.Buffers;
using System.Text;
using Iota.Sdk.Internal;

namespace Iota.Sdk;

/// <summary>
/// A fixed list of substrings to look for in a string field with
/// <see cref="JsonField.FirstContainedIgnoreCase(SubstringSet)"/>: one pass over the value instead of one
/// <see cref="JsonField.ContainsIgnoreCase(string)"/> per substring, with the same answer. Matching ignores ASCII
/// case only, like <see cref="JsonField.ContainsIgnoreCase(string)"/>. Build it once (a static field) and share
/// it: it is immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// private static readonly SubstringSet Tools = new("pacu", "cloudgoat", "-kali");
/// public override bool Match(Event e) => e.UserAgent.ContainsAnyIgnoreCase(Tools);
/// </code>
/// </example>
public sealed class SubstringSet
{
    // Values up to this many bytes are widened to UTF-16 on the stack for the vectorised multi-string search.
    private const int MaxWidened = 512;

    private readonly string[] _values;
    private readonly byte[][] _utf8;
    private readonly SearchValues<string>? _ascii;

    /// <summary>Creates the set; the order of <paramref name="values"/> is the order matches are reported in.</summary>
    /// <exception cref="ArgumentException">No values were given.</exception>
    /// <exception cref="ArgumentNullException">A value is null.</exception>
    public SubstringSet(params ReadOnlySpan<string> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("A substring set needs at least one value.", nameof(values));
        }

        _values = values.ToArray();
        _utf8 = new byte[_values.Length][];
        bool ascii = true;
        for (int i = 0; i < _values.Length; i++)
        {
            string value = _values[i] ?? throw new ArgumentNullException(nameof(values), $"Value {i} of the substring set is null.");
            _utf8[i] = Encoding.UTF8.GetBytes(value);
            ascii &= value.Length > 0 && Ascii.IsValid(value);
        }

        // SearchValues' OrdinalIgnoreCase also folds some non-ASCII letters onto ASCII ones (U+017F 'ſ' onto 's'),
        // which ContainsIgnoreCase does not; on ASCII values and ASCII text the two foldings agree, so it is used
        // only as a filter there and every other case takes the exact per-value scan.
        _ascii = ascii ? SearchValues.Create(_values, StringComparison.OrdinalIgnoreCase) : null;
    }

    /// <summary>Number of values.</summary>
    public int Count => _values.Length;

    /// <summary>The value at <paramref name="index"/>, in the order given to the constructor.</summary>
    public string this[int index] => _values[index];

    /// <summary>
    /// The index of the first value, in set order, that the JSON string content <paramref name="raw"/> contains;
    /// -1 when none. <paramref name="escaped"/> says whether <paramref name="raw"/> holds backslash escapes.
    /// </summary>
    internal int FirstIn(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (_ascii is not null && !escaped && raw.Length <= MaxWidened)
        {
            Span<char> chars = stackalloc char[raw.Length];
            if (Ascii.ToUtf16(raw, chars, out _) == OperationStatus.Done && chars.IndexOfAny(_ascii) < 0)
            {
                return -1; // the common case: pure-ASCII text holding none of the values
            }
        }

        if (!escaped)
        {
            return Scan(raw);
        }

        byte[]? rented = null;
        Span<byte> buffer = raw.Length <= MaxWidened ? stackalloc byte[raw.Length] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            return Scan(buffer[..JsonText.Unescape(raw, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Tests each value in turn over unescaped UTF-8, exactly as ContainsIgnoreCase does.</summary>
    private int Scan(ReadOnlySpan<byte> utf8)
    {
        for (int i = 0; i < _utf8.Length; i++)
        {
            if (JsonText.IndexOfIgnoreCase(utf8, _utf8[i]) >= 0)
            {
                return i;
            }
        }

        return -1;
    }
}

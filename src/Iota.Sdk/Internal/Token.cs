using System.Runtime.InteropServices;

namespace Iota.Sdk.Internal;

/// <summary>
/// One JSON token in an <see cref="EventBuffer"/>'s index. Offsets are absolute in the buffer. For containers,
/// <see cref="Next"/> is the index of the first token after the whole subtree, which makes skipping a value O(1).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct Token
{
    /// <summary>First byte: the quote-less content for strings and property names, the first byte otherwise.</summary>
    public int Start;

    /// <summary>Byte length: raw (still escaped) content for strings and names; the whole text for containers.</summary>
    public int Length;

    /// <summary>Index of the token after this one's subtree.</summary>
    public int Next;

    public JsonFieldKind Kind;

    /// <summary>The string or property name contains backslash escapes and must be unescaped to compare.</summary>
    public bool Escaped;
}

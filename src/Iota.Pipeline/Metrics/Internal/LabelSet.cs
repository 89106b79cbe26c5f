using System.Globalization;
using System.Text;

namespace Iota.Pipeline.Metrics.Internal;

/// <summary>
/// One series' tags, kept both as the objects the instrument recorded (to match later recordings without
/// allocating) and as the rendered label text (to write on scrape).
/// </summary>
internal sealed class LabelSet
{
    private readonly KeyValuePair<string, object?>[] _tags;

    private LabelSet(KeyValuePair<string, object?>[] tags, int hash)
    {
        _tags = tags;
        Hash = hash;
        Text = Render(tags);
    }

    public int Hash { get; }

    /// <summary>The labels as <c>a="x",b="y"</c>, sorted by name, without braces; empty when there are none.</summary>
    public string Text { get; }

    public static LabelSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash)
    {
        var copy = tags.ToArray();
        Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LabelSet(copy, hash);
    }

    /// <summary>Order-independent, because call sites may pass the same tags in different orders.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (!Holds(tag))
            {
                return false;
            }
        }

        return true;
    }

    private bool Holds(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal))
            {
                return Equals(own.Value, tag.Value);
            }
        }

        return false;
    }

    private static string Render(KeyValuePair<string, object?>[] tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var tag in tags)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(ExpositionFormat.SanitizeLabelName(tag.Key))
                .Append("=\"")
                .Append(ExpositionFormat.EscapeLabelValue(RenderValue(tag.Value)))
                .Append('"');
        }

        return text.ToString();
    }

    private static string RenderValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

using System.Globalization;
using System.Text;

namespace Iota.Pipeline.Metrics.Internal;

/// <summary>The lexical rules of the Prometheus text exposition format 0.0.4.</summary>
internal static class ExpositionFormat
{
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }

        return new StringBuilder(value.Length + 8)
            .Append(value)
            .Replace("\\", "\\\\")
            .Replace("\"", "\\\"")
            .Replace("\n", "\\n")
            .ToString();
    }

    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// Instruments may be named with dots or dashes (OpenTelemetry style), which Prometheus rejects; those
    /// characters become underscores. Names already valid pass through unchanged.
    /// </summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var valid = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!valid)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}

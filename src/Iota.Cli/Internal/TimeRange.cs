using System.CommandLine;
using System.Globalization;

namespace Iota.Cli.Internal;

/// <summary>The <c>--last 24h</c> | <c>--start T --end T</c> options shared by query and replay; null bounds are open.</summary>
internal sealed record TimeRange(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static Option<string?> Last() => new("--last") { Description = "Only the most recent span, e.g. 30m, 24h, 7d." };

    public static Option<string?> StartOption() => new("--start") { Description = "Range start, ISO 8601 (UTC unless it says otherwise), e.g. 2026-11-04 or 2026-11-04T10:00Z." };

    public static Option<string?> EndOption() => new("--end") { Description = "Range end (exclusive), ISO 8601; default now." };

    /// <summary>Whether <paramref name="time"/> is in the range; a missing time is in any range.</summary>
    public bool Contains(DateTimeOffset? time) =>
        time is not { } t || ((Start is null || t >= Start) && (End is null || t < End));

    /// <summary>Reads the options; throws <see cref="FormatException"/> naming the bad value.</summary>
    public static TimeRange From(string? last, string? start, string? end, DateTimeOffset now)
    {
        if (last is not null)
        {
            if (start is not null || end is not null)
            {
                throw new FormatException("use either --last or --start/--end, not both");
            }

            return new TimeRange(now - Duration(last), now);
        }

        return new TimeRange(start is null ? null : Instant(start, "--start"), end is null ? null : Instant(end, "--end"));
    }

    public static TimeSpan Duration(string text)
    {
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
            }
        }

        throw new FormatException($"--last {text}: expected a number and a unit (s, m, h, d), e.g. 24h or 7d");
    }

    private static DateTimeOffset Instant(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value)
            ? value
            : throw new FormatException($"{option} {text}: expected an ISO 8601 time such as 2026-11-04T10:00:00Z");
}

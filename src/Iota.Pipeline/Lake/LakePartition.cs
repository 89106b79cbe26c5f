using System.Globalization;

namespace Iota.Pipeline.Lake;

/// <summary>
/// The lake's layout: <c>logs/{table}/year=YYYY/month=MM/day=DD/hour=HH/</c>, one folder per log type and UTC hour
/// of the events' own time, the layout Athena partition projection and Hive-style readers expect.
/// </summary>
public static class LakePartition
{
    /// <summary>The folder every table lives under.</summary>
    public const string LogsFolder = "logs";

    /// <summary>The key prefix of <paramref name="table"/>'s partition holding <paramref name="time"/>.</summary>
    public static string Prefix(string table, DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{LogsFolder}/{table}/year={utc:yyyy}/month={utc:MM}/day={utc:dd}/hour={utc:HH}/");
    }

    /// <summary>The key prefix of a whole table.</summary>
    public static string TablePrefix(string table) => $"{LogsFolder}/{table}/";

    /// <summary>The start of the UTC hour holding <paramref name="time"/>.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The prefixes of every hour partition that can hold events in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static IEnumerable<string> Prefixes(string table, DateTimeOffset start, DateTimeOffset end)
    {
        for (DateTimeOffset hour = HourOf(start); hour < end; hour = hour.AddHours(1))
        {
            yield return Prefix(table, hour);
        }
    }

    /// <summary>Whether <paramref name="key"/> is a finished lake file (<c>.json.gz</c>).</summary>
    public static bool IsDataFile(string key) => key.EndsWith(".json.gz", StringComparison.Ordinal);
}

using System.Globalization;
using System.Text;
using Iota.Sdk.Internal;

namespace Iota.Sdk.Tests;

/// <summary>
/// Event times in the CloudTrail form are read by a digit-by-digit fast path; everything else by the culture-aware
/// parser. Whatever path a string takes, the answer must be the general parser's.
/// </summary>
public class TimestampParsingTests
{
    [Theory]
    [InlineData("2026-11-07T01:13:07Z")]
    [InlineData("2026-11-07T01:13:07.5Z")]
    [InlineData("2026-11-07T01:13:07.123Z")]
    [InlineData("2026-11-07T01:13:07.1234567Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void The_cloudtrail_form_takes_the_fast_path_and_agrees_with_the_general_parser(string text)
    {
        Assert.True(JsonText.TryParseUtcTimestamp(Encoding.ASCII.GetBytes(text), out DateTimeOffset fast));
        Assert.Equal(General(text), fast);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
    }

    [Theory]
    [InlineData("2026-11-07T01:13:07+02:00")]
    [InlineData("2026-11-07T01:13:07.12345678Z")]
    [InlineData("2026-11-07t01:13:07z")]
    [InlineData("2026-11-07 01:13:07Z")]
    [InlineData("2026-11-07T01:13:07")]
    [InlineData("2026-11-07T01:13:07.Z")]
    [InlineData("2026-11-07T01:13:60Z")]
    public void Other_forms_fall_back_to_the_general_parser(string text)
    {
        Assert.False(JsonText.TryParseUtcTimestamp(Encoding.ASCII.GetBytes(text), out _));
        Assert.Equal(General(text), Parse(text));
    }

    [Theory]
    [InlineData("2025-02-29T00:00:00Z")]
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-10T00:00:00Z")]
    [InlineData("2026-11-00T00:00:00Z")]
    [InlineData("2026-11-07T24:00:00Z")]
    [InlineData("2026-11-07T23:60:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-1a-07T01:13:07Z")]
    [InlineData("2026-11-07T01:13:07.12a4Z")]
    public void Impossible_dates_are_not_timestamps_on_either_path(string text)
    {
        Assert.False(JsonText.TryParseUtcTimestamp(Encoding.ASCII.GetBytes(text), out _));
        Assert.Null(Parse(text));
        Assert.Null(General(text));
    }

    [Fact]
    public void Random_strings_of_the_cloudtrail_shape_parse_as_the_general_parser_parses_them()
    {
        var random = new Random(20261122);
        int fast = 0;
        for (int i = 0; i < 20_000; i++)
        {
            // Fields drawn past their valid ranges, fractions of 0 to 9 digits.
            string fraction = random.Next(10) switch
            {
                0 => "",
                int n => "." + random.NextInt64(1, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture)[..n],
            };
            string text = $"{random.Next(1, 10_000):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2}T" +
                $"{random.Next(0, 26):D2}:{random.Next(0, 62):D2}:{random.Next(0, 62):D2}{fraction}Z";

            Assert.Equal(General(text), Parse(text));
            fast += JsonText.TryParseUtcTimestamp(Encoding.ASCII.GetBytes(text), out _) ? 1 : 0;
        }

        Assert.InRange(fast, 5_000, 15_000); // both outcomes are exercised
    }

    private static DateTimeOffset? Parse(string text) =>
        JsonText.TryParseDateTime(Encoding.ASCII.GetBytes(text), out DateTimeOffset value) ? value : null;

    private static DateTimeOffset? General(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out DateTimeOffset value) ? value : null;
}

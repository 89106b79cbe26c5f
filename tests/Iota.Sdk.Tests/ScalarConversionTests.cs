using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>Numbers, booleans and timestamps read from their JSON text; anything else reads as null.</summary>
public sealed class ScalarConversionTests
{
    private static readonly Event Sample = Event.Parse("""
        {
          "int": 42, "negative": -7, "max": 9223372036854775807, "overflow": 9223372036854775808,
          "huge": 123456789012345678901234567890, "fraction": 1.5, "exponent": 1.5e3, "zero": 0,
          "t": true, "f": false, "trueString": "true", "falseString": "FALSE", "yes": "yes", "one": 1, "nil": null,
          "time": "2026-11-03T09:55:12Z", "offsetTime": "2026-11-03T10:55:12+01:00", "noZone": "2026-11-03T09:55:12",
          "badTime": "yesterday", "numberString": "42"
        }
        """);

    [Fact]
    public void Integers_read_as_int64()
    {
        Assert.Equal(42L, Sample.Get("int").AsInt64());
        Assert.Equal(-7L, Sample.Get("negative").AsInt64());
        Assert.Equal(long.MaxValue, Sample.Get("max").AsInt64());
        Assert.Equal(0L, Sample.Get("zero").AsInt64());
    }

    [Fact]
    public void Int64_overflow_and_fractions_read_as_null_not_as_a_wrapped_or_truncated_number()
    {
        Assert.Null(Sample.Get("overflow").AsInt64());
        Assert.Null(Sample.Get("huge").AsInt64());
        Assert.Null(Sample.Get("fraction").AsInt64());
        Assert.Null(Sample.Get("exponent").AsInt64());
    }

    [Fact]
    public void Numbers_read_as_double_including_exponents_and_big_integers()
    {
        Assert.Equal(1.5, Sample.Get("fraction").AsDouble());
        Assert.Equal(1500.0, Sample.Get("exponent").AsDouble());
        Assert.Equal(42.0, Sample.Get("int").AsDouble());
        Assert.Equal(1.2345678901234568E+29, Sample.Get("huge").AsDouble());
    }

    [Theory]
    [InlineData("numberString")]
    [InlineData("t")]
    [InlineData("nil")]
    [InlineData("missing")]
    [InlineData("time")]
    public void Non_numbers_read_as_null_numbers(string path)
    {
        Assert.Null(Sample.Get(path).AsInt64());
        Assert.Null(Sample.Get(path).AsDouble());
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("f", false)]
    [InlineData("trueString", true)]
    [InlineData("falseString", false)]
    public void Booleans_read_from_json_literals_and_from_true_false_strings(string path, bool expected)
    {
        Assert.Equal(expected, Sample.Get(path).AsBoolean());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("one")]
    [InlineData("nil")]
    [InlineData("missing")]
    [InlineData("numberString")]
    public void Other_values_are_not_booleans(string path)
    {
        Assert.Null(Sample.Get(path).AsBoolean());
    }

    [Fact]
    public void Timestamps_parse_as_utc()
    {
        var expected = new DateTimeOffset(2026, 11, 3, 9, 55, 12, TimeSpan.Zero);

        Assert.Equal(expected, Sample.Get("time").AsDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, Sample.Get("time").AsDateTimeOffset()!.Value.Offset);
        Assert.Equal(expected, Sample.Get("offsetTime").AsDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, Sample.Get("offsetTime").AsDateTimeOffset()!.Value.Offset);
        Assert.Equal(expected, Sample.Get("noZone").AsDateTimeOffset());
    }

    [Theory]
    [InlineData("badTime")]
    [InlineData("int")]
    [InlineData("missing")]
    [InlineData("nil")]
    public void Non_timestamps_read_as_null(string path)
    {
        Assert.Null(Sample.Get(path).AsDateTimeOffset());
    }
}

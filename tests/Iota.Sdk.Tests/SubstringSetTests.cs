namespace Iota.Sdk.Tests;

public sealed class SubstringSetTests
{
    private static readonly SubstringSet Markers = new("pacu", "stratus-red-team", "distrib#kali", "-kali", "pentoo");

    [Theory]
    [InlineData("aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-1012-aws", -1)]
    [InlineData("Pacu/1.5 Boto3/1.35", 0)]
    [InlineData("Boto3/1.9.201 Python/2.7.12 Linux/4.2.0-KALI1-amd64", 3)]
    [InlineData("aws-cli/2.15 md/distrib#kali.2024 os/linux-kali", 2)] // set order wins over text order…
    [InlineData("linux-kali then pacu", 0)] // …in both directions
    [InlineData("stratus-red-team_4a1b", 1)]
    [InlineData("stratus-red-tea", -1)]
    [InlineData("pentoo", 4)]
    [InlineData("", -1)]
    [InlineData("ſtratus-red-team", -1)] // U+017F folds to 's' under OrdinalIgnoreCase, but not under ASCII case
    [InlineData("ünicode PACU ü", 0)]
    [InlineData("ünicode only ü", -1)]
    public void Reports_the_first_value_in_set_order_that_the_text_contains(string value, int expected)
    {
        Event e = Event.Parse(System.Text.Json.JsonSerializer.Serialize(new { userAgent = value }));

        Assert.Equal(expected, e.UserAgent.FirstContainedIgnoreCase(Markers));
        Assert.Equal(expected >= 0, e.UserAgent.ContainsAnyIgnoreCase(Markers));
        Assert.Equal(expected, OneByOne(e.UserAgent));
    }

    [Theory]
    [InlineData("""{"userAgent":"\u0070acu"}""", 0)]
    [InlineData("""{"userAgent":"Linux/6.6.15-2\u006Bali1"}""", -1)]
    [InlineData("""{"userAgent":"Linux/6.6.15\u002DKali1"}""", 3)]
    [InlineData("""{"userAgent":"\"quoted\" \ud83d\ude00 pentoo"}""", 4)]
    [InlineData("""{"userAgent":"\"quoted\" \ud83d\ude00"}""", -1)]
    public void Compares_escaped_values_after_unescaping(string json, int expected)
    {
        Event e = Event.Parse(json);

        Assert.Equal(expected, e.UserAgent.FirstContainedIgnoreCase(Markers));
        Assert.Equal(expected, OneByOne(e.UserAgent));
    }

    [Fact]
    public void Finds_values_in_text_longer_than_the_stack_buffer()
    {
        string agent = new string('x', 2000) + "-Kali";
        Event e = Event.Parse($$"""{"userAgent":"{{agent}}","other":"{{new string('y', 2000)}}"}""");

        Assert.Equal(3, e.UserAgent.FirstContainedIgnoreCase(Markers));
        Assert.Equal(-1, e["other"].FirstContainedIgnoreCase(Markers));
    }

    [Fact]
    public void Missing_null_and_non_string_fields_contain_nothing()
    {
        Event e = Event.Parse("""{"n":null,"num":12,"obj":{"pacu":"pacu"},"arr":["pacu"]}""");

        foreach (string path in new[] { "userAgent", "n", "num", "obj", "arr" })
        {
            Assert.Equal(-1, e[path].FirstContainedIgnoreCase(Markers));
            Assert.False(e[path].ContainsAnyIgnoreCase(Markers));
        }
    }

    [Fact]
    public void Non_ascii_and_empty_values_match_like_ContainsIgnoreCase()
    {
        var set = new SubstringSet("é", "ſ", "");
        Event accented = Event.Parse("""{"a":"CAFÉ café"}""");
        Event plain = Event.Parse("""{"a":"plain s"}""");

        Assert.Equal(0, accented["a"].FirstContainedIgnoreCase(set));
        Assert.Equal(2, plain["a"].FirstContainedIgnoreCase(set));
        // Only ASCII letters fold: "É" is not in "é", and the empty value is in everything.
        Assert.Equal(2, Event.Parse("""{"a":"é"}""")["a"].FirstContainedIgnoreCase(new SubstringSet("X", "É", "")));
    }

    [Fact]
    public void Keeps_its_values_in_order_and_rejects_empty_or_null_input()
    {
        Assert.Equal(5, Markers.Count);
        Assert.Equal("distrib#kali", Markers[2]);
        Assert.Throws<ArgumentException>(() => new SubstringSet());
        Assert.Throws<ArgumentNullException>(() => new SubstringSet("a", null!));
        Assert.Throws<ArgumentNullException>(() => Event.Parse("""{"a":"b"}""")["a"].FirstContainedIgnoreCase(null!));
    }

    private static int OneByOne(JsonField field)
    {
        for (int i = 0; i < Markers.Count; i++)
        {
            if (field.ContainsIgnoreCase(Markers[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

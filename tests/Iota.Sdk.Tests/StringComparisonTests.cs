using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>
/// String values compare by their unescaped content, whichever escapes the JSON used, through every comparison
/// a rule can call.
/// </summary>
public sealed class StringComparisonTests
{
    // "\u0041dmin" is "Admin"; "say \"hi\"" has escaped quotes; a backslash path; an emoji as a surrogate pair.
    private static readonly Event Sample = Event.Parse("""
        {
          "plain": "ConsoleLogin",
          "unicode": "\u0041dmin\u0069strator",
          "quoted": "say \"hi\" now",
          "backslash": "C:\\Windows\\System32",
          "emoji": "smile \ud83d\ude00 done",
          "rawEmoji": "smile 😀 done",
          "accented": "caf\u00e9",
          "newline": "a\nb\tc",
          "slash": "a\/b",
          "us\u0065rName": "escaped-name",
          "empty": "",
          "number": 42
        }
        """);

    [Theory]
    [InlineData("unicode", "Administrator")]
    [InlineData("quoted", "say \"hi\" now")]
    [InlineData("backslash", "C:\\Windows\\System32")]
    [InlineData("emoji", "smile \U0001F600 done")]
    [InlineData("rawEmoji", "smile \U0001F600 done")]
    [InlineData("accented", "café")]
    [InlineData("newline", "a\nb\tc")]
    [InlineData("slash", "a/b")]
    [InlineData("plain", "ConsoleLogin")]
    [InlineData("empty", "")]
    public void Escaped_values_equal_their_unescaped_text(string path, string expected)
    {
        JsonField field = Sample.Get(path);

        Assert.True(field.Equals(expected));
        Assert.True(field == expected);
        Assert.False(field != expected);
        Assert.True(field.Equals(System.Text.Encoding.UTF8.GetBytes(expected)));
        Assert.Equal(expected, field.AsString());
        Assert.Equal(expected, field.ToString());
        Assert.False(field.Equals(expected + "x"));
        Assert.False(field.Equals(System.Text.Encoding.UTF8.GetBytes(expected + "x")));
    }

    [Fact]
    public void Utf8_literals_compare_with_escaped_values()
    {
        Assert.True(Sample.Get("unicode").Equals("Administrator"u8));
        Assert.True(Sample.Get("quoted").Equals("say \"hi\" now"u8));
        Assert.True(Sample.Get("backslash").Equals("C:\\Windows\\System32"u8));
        Assert.True(Sample.Get("emoji").Equals("smile 😀 done"u8));
        Assert.False(Sample.Get("unicode").Equals("administrator"u8));
    }

    [Fact]
    public void The_raw_escape_text_does_not_match()
    {
        Assert.False(Sample.Get("unicode").Equals("\\u0041dministrator"));
        Assert.False(Sample.Get("quoted").Equals("say \\\"hi\\\" now"));
        Assert.False(Sample.Get("backslash").Equals("C:\\\\Windows\\\\System32"u8));
    }

    [Fact]
    public void An_escaped_property_name_is_found_by_its_unescaped_name()
    {
        Assert.Equal("escaped-name", Sample.Get("userName").AsString());
        Assert.Equal("escaped-name", Sample.Root.Property("userName"u8).AsString());
        Assert.False(Sample.Get("us\\u0065rName").Exists);

        bool found = false;
        foreach (JsonMember member in Sample.Root.EnumerateObject())
        {
            found |= member.Name.Equals("userName") && member.Value.Equals("escaped-name");
        }

        Assert.True(found);
    }

    [Fact]
    public void StartsWith_EndsWith_and_Contains_see_unescaped_text()
    {
        JsonField unicode = Sample.Get("unicode");
        JsonField quoted = Sample.Get("quoted");
        JsonField emoji = Sample.Get("emoji");

        Assert.True(unicode.StartsWith("Admin"));
        Assert.True(unicode.EndsWith("istrator"));
        Assert.True(unicode.Contains("minis"));
        Assert.False(unicode.StartsWith("\\u0041"));
        Assert.True(quoted.Contains("\"hi\""));
        Assert.True(quoted.StartsWith("say \""));
        Assert.True(Sample.Get("backslash").EndsWith("\\System32"));
        Assert.True(emoji.Contains("\U0001F600"));
        Assert.True(emoji.EndsWith("\U0001F600 done"));
        Assert.True(Sample.Get("plain").StartsWith("Console"));
        Assert.True(Sample.Get("plain").StartsWith(""));
        Assert.False(Sample.Get("plain").EndsWith("console"));
        Assert.False(Sample.Get("plain").Contains("Logout"));
    }

    [Fact]
    public void Case_insensitive_comparisons_fold_ascii_and_see_unescaped_text()
    {
        Assert.True(Sample.Get("unicode").EqualsIgnoreCase("ADMINISTRATOR"));
        Assert.True(Sample.Get("unicode").ContainsIgnoreCase("MINIS"));
        Assert.True(Sample.Get("plain").EqualsIgnoreCase("consolelogin"));
        Assert.True(Sample.Get("plain").ContainsIgnoreCase("LOGIN"));
        Assert.True(Sample.Get("quoted").ContainsIgnoreCase("SAY \"HI\""));
        Assert.False(Sample.Get("plain").EqualsIgnoreCase("consolelog"));
        Assert.False(Sample.Get("plain").ContainsIgnoreCase("logout"));
    }

    [Fact]
    public void Case_insensitive_comparisons_fold_ascii_letters_and_match_other_characters_exactly()
    {
        Event e = Event.Parse("""{"v": "Caf\u00e9 \ud83d\ude00 Bar", "w": "café"}""");

        Assert.True(e.Get("v").EqualsIgnoreCase("CAFé 😀 bar"));
        Assert.True(e.Get("v").ContainsIgnoreCase("é 😀 B"));
        Assert.True(e.Get("v").ContainsIgnoreCase("😀"));
        Assert.True(e.Get("w").EqualsIgnoreCase("CAFé"));
        Assert.False(e.Get("w").EqualsIgnoreCase("CAFÉ"));
        Assert.False(e.Get("w").EqualsIgnoreCase("cafe"));
        Assert.False(e.Get("v").ContainsIgnoreCase("ê"));
    }

    [Fact]
    public void IsOneOf_matches_any_listed_value_ordinally()
    {
        Assert.True(Sample.Get("plain").IsOneOf("StopLogging", "ConsoleLogin"));
        Assert.True(Sample.Get("unicode").IsOneOf("x", "Administrator"));
        Assert.False(Sample.Get("plain").IsOneOf("consolelogin", "StopLogging"));
        Assert.False(Sample.Get("plain").IsOneOf());
        Assert.False(Sample.Get("missing").IsOneOf("ConsoleLogin"));
    }

    [Fact]
    public void Non_string_values_never_equal_text()
    {
        JsonField number = Sample.Get("number");

        Assert.False(number.Equals("42"));
        Assert.False(number.Equals("42"u8));
        Assert.False(number.StartsWith("4"));
        Assert.False(number.Contains("2"));
        Assert.False(number.EqualsIgnoreCase("42"));
        Assert.False(number.IsOneOf("42"));
        Assert.Null(number.AsString());
        Assert.Equal("42", number.ToString());
    }

    [Fact]
    public void A_long_escaped_value_compares_beyond_the_stack_buffer()
    {
        string text = string.Concat(Enumerable.Repeat("ab\\\"c", 300));
        string expected = string.Concat(Enumerable.Repeat("ab\"c", 300));
        Event e = Event.Parse("{\"v\":\"" + text + "\"}");

        Assert.True(e.Get("v").Equals(expected));
        Assert.True(e.Get("v").EndsWith("ab\"c"));
        Assert.True(e.Get("v").StartsWith(expected[..700]));
        Assert.False(e.Get("v").Equals(expected[..^1]));
    }
}

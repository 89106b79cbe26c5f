namespace Iota.Sdk.Tests;

public sealed class ContainsIgnoreCaseTests
{
    [Theory]
    [InlineData("Boto3/1.9.201 Python/2.7.12 Linux/4.2.0-kali1-amd64 Botocore/1.12.188", "-KALI", true)]
    [InlineData("aws-cli/2.15 md/distrib#KALI.2024", "distrib#kali", true)]
    [InlineData("PACU", "pacu", true)]
    [InlineData("xpacu", "PACU", true)]
    [InlineData("pac", "pacu", false)]
    [InlineData("pa cu", "pacu", false)]
    [InlineData("ppppacu", "pacu", true)]
    [InlineData("kali-", "-kali", false)]
    [InlineData("ends with cloudgoa", "cloudgoat", false)]
    [InlineData("[bracket] {brace}", "{BRACE}", true)]
    [InlineData("@ and `", "`", true)]
    [InlineData("@ only", "`", false)]
    [InlineData("any", "", true)]
    public void Finds_the_text_anywhere_ignoring_ascii_case(string value, string text, bool expected)
    {
        Event e = Event.Parse($$"""{"userAgent":"{{value}}"}""");

        Assert.Equal(expected, e.UserAgent.ContainsIgnoreCase(text));
    }

    [Fact]
    public void Compares_escaped_values_after_unescaping()
    {
        Event e = Event.Parse("""{"userAgent":"Linux/6.6.15-2\u006Bali1"}""");

        Assert.True(e.UserAgent.ContainsIgnoreCase("-2KALI"));
    }
}

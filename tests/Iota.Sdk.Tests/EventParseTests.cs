using System.Text;
using System.Text.Json;
using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>Event.Parse accepts exactly a JSON object; EventBuffer stays consistent when a value is malformed.</summary>
public sealed class EventParseTests
{
    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void A_json_value_that_is_not_an_object_is_a_format_error(string json)
    {
        FormatException ex = Assert.Throws<FormatException>(() => Event.Parse(json));

        Assert.Contains("object", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\": }")]
    [InlineData("{\"a\": [1, 2}")]
    [InlineData("{'a': 1}")]
    [InlineData("not json")]
    public void Invalid_json_is_a_format_error_wrapping_the_reader_error(string json)
    {
        FormatException ex = Assert.Throws<FormatException>(() => Event.Parse(json));

        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    [Theory]
    [InlineData("{\"a\": 1} trailing")]
    [InlineData("{\"a\": 1}{\"b\": 2}")]
    [InlineData("{\"a\": 1}\n{\"b\": 2}\n")]
    public void Content_after_the_object_is_a_format_error_not_silently_dropped(string json)
    {
        Assert.Throws<FormatException>(() => Event.Parse(json));
    }

    [Fact]
    public void Whitespace_around_the_object_is_fine()
    {
        Assert.Equal(1, Event.Parse(" \n{\"a\": 1}\r\n\t ").Get("a").AsInt64());
    }

    [Fact]
    public void Parse_from_bytes_gives_the_same_event()
    {
        Event e = Event.Parse(Encoding.UTF8.GetBytes("""{"eventName": "ConsoleLogin"}"""));

        Assert.True(e.EventName == "ConsoleLogin");
    }

    [Fact]
    public void A_malformed_value_leaves_no_tokens_and_the_buffer_keeps_working()
    {
        byte[] data = Encoding.UTF8.GetBytes("{\"a\": 1}\n{\"b\": [1, {\"c\": \n{\"d\": \"ok\", \"e\": [true]}");
        int secondLine = Array.IndexOf(data, (byte)'\n') + 1;
        int thirdLine = Array.IndexOf(data, (byte)'\n', secondLine) + 1;
        var buffer = new EventBuffer();
        buffer.Reset(data);

        var first = new Utf8JsonReader(data.AsSpan(0, secondLine - 1));
        int a = buffer.AddEvent(buffer.AppendValue(ref first));
        int tokensAfterFirst = buffer.TokenCount;

        var broken = new Utf8JsonReader(data.AsSpan(secondLine, thirdLine - secondLine - 1));
        bool threw = false;
        try
        {
            buffer.AppendValue(ref broken, secondLine);
        }
        catch (JsonException)
        {
            threw = true;
        }

        Assert.True(threw);
        Assert.Equal(tokensAfterFirst, buffer.TokenCount);
        Assert.Equal(1, buffer.Count);

        var third = new Utf8JsonReader(data.AsSpan(thirdLine));
        int d = buffer.AddEvent(buffer.AppendValue(ref third, thirdLine));

        Assert.Equal(2, buffer.Count);
        Assert.Equal(1, buffer[a].Get("a").AsInt64());
        Assert.False(buffer[a].Get("b").Exists);
        Assert.True(buffer[d].Get("d") == "ok");
        Assert.True(buffer[d].Get("e[0]").AsBoolean());
        Assert.Equal(2, buffer[d].Root.Count);
        Assert.Equal("{\"d\": \"ok\", \"e\": [true]}", buffer[d].ToString());
    }

    [Fact]
    public void An_input_that_ends_inside_a_value_is_rejected_and_rolled_back()
    {
        byte[] data = Encoding.UTF8.GetBytes("{\"a\": [1, 2");
        var buffer = new EventBuffer();
        buffer.Reset(data);
        var reader = new Utf8JsonReader(data, isFinalBlock: false, default);

        bool threw = false;
        try
        {
            buffer.AppendValue(ref reader);
        }
        catch (JsonException)
        {
            threw = true;
        }

        Assert.True(threw);
        Assert.Equal(0, buffer.TokenCount);
    }

    [Fact]
    public void AddEvent_rejects_non_objects_and_fields_of_another_buffer()
    {
        byte[] data = Encoding.UTF8.GetBytes("[1]");
        var buffer = new EventBuffer();
        buffer.Reset(data);
        var reader = new Utf8JsonReader(data);
        JsonField array = buffer.AppendValue(ref reader);

        Assert.Throws<ArgumentException>(() => buffer.AddEvent(array));
        Assert.Throws<ArgumentException>(() => buffer.AddEvent(Event.Parse("{}").Root));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[0]);
    }

    [Fact]
    public void Reset_forgets_events_and_the_buffer_is_reusable_with_many_events()
    {
        var buffer = new EventBuffer();
        for (int round = 0; round < 2; round++)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 100; i++)
            {
                sb.Append("{\"eventName\": \"E").Append(i + round).Append("\", \"n\": ").Append(i).Append("}\n");
            }

            byte[] data = Encoding.UTF8.GetBytes(sb.ToString());
            buffer.Reset(data);
            int offset = 0;
            while (offset < data.Length)
            {
                int end = Array.IndexOf(data, (byte)'\n', offset);
                var reader = new Utf8JsonReader(data.AsSpan(offset, end - offset));
                buffer.AddEvent(buffer.AppendValue(ref reader, offset));
                offset = end + 1;
            }

            Assert.Equal(100, buffer.Count);
            Assert.True(buffer[99].EventName == $"E{99 + round}");
            Assert.Equal(57, buffer[57].Get("n").AsInt64());
        }
    }
}

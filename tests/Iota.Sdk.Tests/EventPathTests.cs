using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>Navigating an event: dotted paths, array indexes in both spellings, iteration and counts.</summary>
public sealed class EventPathTests
{
    private static readonly Event Sample = Event.Parse("""
        {
          "eventName": "ConsoleLogin",
          "userIdentity": {
            "type": "AssumedRole",
            "sessionContext": { "attributes": { "mfaAuthenticated": "true", "creationDate": "2026-11-03T09:55:00Z" } }
          },
          "items": [ { "x": "first" }, { "x": "second", "tags": ["a", "b", "c"] } ],
          "nested": [[1, 2], [3]],
          "empty": {},
          "none": []
        }
        """);

    [Fact]
    public void A_dotted_path_reaches_a_deeply_nested_value()
    {
        JsonField mfa = Sample.Get("userIdentity.sessionContext.attributes.mfaAuthenticated");

        Assert.Equal(JsonFieldKind.String, mfa.Kind);
        Assert.True(mfa.Equals("true"));
        Assert.True(Sample["userIdentity.sessionContext.attributes.mfaAuthenticated"] == "true");
        Assert.True(Sample.Get("userIdentity.sessionContext.attributes.mfaAuthenticated"u8).Equals("true"u8));
    }

    [Fact]
    public void A_path_can_be_followed_in_steps_from_any_field()
    {
        JsonField context = Sample.Get("userIdentity.sessionContext");

        Assert.Equal("2026-11-03T09:55:00Z", context.Get("attributes.creationDate").AsString());
        Assert.Equal("2026-11-03T09:55:00Z", context["attributes"]["creationDate"].AsString());
    }

    [Theory]
    [InlineData("items.0.x", "first")]
    [InlineData("items[0].x", "first")]
    [InlineData("items.1.x", "second")]
    [InlineData("items[1].x", "second")]
    [InlineData("items[1].tags[2]", "c")]
    [InlineData("items.1.tags.0", "a")]
    [InlineData("items[1].tags.1", "b")]
    public void Array_elements_are_reached_by_dot_or_bracket_index(string path, string expected)
    {
        Assert.Equal(expected, Sample.Get(path).AsString());
    }

    [Fact]
    public void Nested_arrays_are_indexed_with_consecutive_brackets()
    {
        Assert.Equal(2, Sample.Get("nested[0][1]").AsInt64());
        Assert.Equal(3, Sample.Get("nested.1.0").AsInt64());
        Assert.Equal(3, Sample.Get("nested")[1][0].AsInt64());
    }

    [Theory]
    [InlineData("items.2.x")]
    [InlineData("items[2].x")]
    [InlineData("items[-1]")]
    [InlineData("items.-1")]
    [InlineData("items[x]")]
    [InlineData("items[0")]
    [InlineData("items.first")]
    [InlineData("items[1].tags[3]")]
    public void An_index_outside_the_array_or_malformed_reads_as_missing(string path)
    {
        JsonField field = Sample.Get(path);

        Assert.False(field.Exists);
        Assert.Equal(JsonFieldKind.Missing, field.Kind);
    }

    [Fact]
    public void Count_is_the_number_of_elements_or_members_and_zero_for_scalars()
    {
        Assert.Equal(2, Sample.Get("items").Count);
        Assert.Equal(3, Sample.Get("items[1].tags").Count);
        Assert.Equal(1, Sample.Get("items[0]").Count);
        Assert.Equal(2, Sample.Get("userIdentity").Count);
        Assert.Equal(0, Sample.Get("empty").Count);
        Assert.Equal(0, Sample.Get("none").Count);
        Assert.Equal(0, Sample.Get("eventName").Count);
        Assert.Equal(0, Sample.Get("nothing.here").Count);
        Assert.Equal(6, Sample.Root.Count);
    }

    [Fact]
    public void Array_enumeration_yields_every_element_in_order_including_containers()
    {
        var xs = new List<string?>();
        foreach (JsonField item in Sample.Get("items").EnumerateArray())
        {
            xs.Add(item["x"].AsString());
        }

        var tags = new List<string?>();
        foreach (JsonField tag in Sample.Get("items[1].tags").EnumerateArray())
        {
            tags.Add(tag.AsString());
        }

        Assert.Equal(["first", "second"], xs);
        Assert.Equal(["a", "b", "c"], tags);
    }

    [Fact]
    public void Object_enumeration_yields_names_and_values_and_skips_over_nested_values()
    {
        var names = new List<string>();
        foreach (JsonMember member in Sample.Root.EnumerateObject())
        {
            names.Add(member.Name.ToString());
        }

        Assert.Equal(["eventName", "userIdentity", "items", "nested", "empty", "none"], names);

        JsonMember first = default;
        foreach (JsonMember member in Sample.Get("userIdentity").EnumerateObject())
        {
            first = member;
            break;
        }

        Assert.True(first.Name.Equals("type"));
        Assert.True(first.Value.Equals("AssumedRole"));
    }

    [Fact]
    public void Enumerating_the_wrong_kind_or_a_missing_field_yields_nothing()
    {
        int seen = 0;
        foreach (JsonField unused in Sample.Get("userIdentity").EnumerateArray())
        {
            seen++;
        }

        foreach (JsonMember unused in Sample.Get("items").EnumerateObject())
        {
            seen++;
        }

        foreach (JsonField unused in Sample.Get("missing").EnumerateArray())
        {
            seen++;
        }

        foreach (JsonMember unused in Sample.Get("eventName").EnumerateObject())
        {
            seen++;
        }

        foreach (JsonField unused in Sample.Get("none").EnumerateArray())
        {
            seen++;
        }

        Assert.Equal(0, seen);
    }

    [Fact]
    public void RawJson_is_the_original_text_of_the_value()
    {
        Assert.Equal("\"ConsoleLogin\"", System.Text.Encoding.UTF8.GetString(Sample.Get("eventName").RawJson));
        Assert.Equal("[\"a\", \"b\", \"c\"]", System.Text.Encoding.UTF8.GetString(Sample.Get("items[1].tags").RawJson));
        Assert.Equal("[[1, 2], [3]]", Sample.Get("nested").ToString());
        Assert.True(Sample.Get("missing").RawJson.IsEmpty);
    }

    [Fact]
    public void Property_does_not_split_a_name_on_dots()
    {
        Event e = Event.Parse("""{"a.b": 1, "a": {"b": 2}}""");

        Assert.Equal(1, e.Root.Property("a.b"u8).AsInt64());
        Assert.Equal(1, e.Root.Property("a.b").AsInt64());
        Assert.Equal(2, e.Get("a.b").AsInt64());
    }

    [Fact]
    public void A_non_ascii_path_finds_a_non_ascii_name()
    {
        Event e = Event.Parse("""{"grüße": {"ключ": "value"}}""");

        Assert.Equal("value", e.Get("grüße.ключ").AsString());
        Assert.Equal("value", e.Root.Property("grüße")["ключ"].AsString());
    }

    [Theory]
    [InlineData("""{"a\u0062": 1, "ab": 2}""", "ab", 1)]
    [InlineData("""{"abc": 1, "ab": 2}""", "ab", 2)]
    [InlineData("""{"\u00e9": 1}""", "é", 1)]
    [InlineData("""{"x\/y": 1}""", "x/y", 1)]
    [InlineData("""{"x\/y": 1}""", "x\\/y", null)]
    [InlineData("""{"ba": 1, "ab": {"c": 3}, "a": 4}""", "a", 4)]
    [InlineData("""{"ab": 1}""", "abc", null)]
    [InlineData("""{}""", "a", null)]
    public void Property_matches_names_by_their_unescaped_bytes(string json, string name, int? expected)
    {
        Event e = Event.Parse(json);

        Assert.Equal(expected, e.Root.Property(name).AsInt64());
        Assert.Equal(expected, e.Root.Property(System.Text.Encoding.UTF8.GetBytes(name)).AsInt64());
    }
}

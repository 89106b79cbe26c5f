using Iota.Sdk;

namespace Iota.Sdk.Tests;

/// <summary>
/// Missing fields and type mismatches read as absent: no exception, <c>Exists</c> false, null from the
/// conversions, false from the comparisons. Rules rely on this to be written without guards.
/// </summary>
public sealed class AbsentFieldTests
{
    private static readonly Event Sample = Event.Parse("""
        {"name": "alice", "obj": {"a": 1}, "arr": [1, 2], "nil": null, "empty": "", "num": 3}
        """);

    public static TheoryData<string> AbsentPaths => new()
    {
        "nothing",
        "nothing.deeper.still",
        "name.length",
        "name.0",
        "name[0]",
        "obj.0",
        "obj[0]",
        "obj.b",
        "arr.a",
        "arr[5]",
        "nil.a",
        "num.a",
        "num[0]",
        "empty.x",
    };

    [Theory]
    [MemberData(nameof(AbsentPaths))]
    public void A_path_that_leads_nowhere_reads_as_missing_without_throwing(string path)
    {
        JsonField field = Sample.Get(path);

        Assert.False(field.Exists);
        Assert.Equal(JsonFieldKind.Missing, field.Kind);
        Assert.True(field.IsNullOrEmpty);
        Assert.False(field.IsNull);
        Assert.Null(field.AsString());
        Assert.Null(field.AsInt64());
        Assert.Null(field.AsDouble());
        Assert.Null(field.AsBoolean());
        Assert.Null(field.AsDateTimeOffset());
        Assert.False(field.Equals("alice"));
        Assert.False(field.Equals("alice"u8));
        Assert.False(field.StartsWith(""));
        Assert.False(field.EndsWith(""));
        Assert.False(field.Contains(""));
        Assert.False(field.ContainsIgnoreCase(""));
        Assert.False(field.EqualsIgnoreCase(""));
        Assert.Equal(0, field.Count);
        Assert.False(field[0].Exists);
        Assert.False(field.Get("x").Exists);
        Assert.False(field.Property("x"u8).Exists);
        Assert.Equal("", field.ToString());
        Assert.True(field.RawJson.IsEmpty);
    }

    [Fact]
    public void Indexing_a_non_array_reads_as_missing()
    {
        Assert.False(Sample.Get("obj")[0].Exists);
        Assert.False(Sample.Get("name")[0].Exists);
        Assert.False(Sample.Get("arr")[-1].Exists);
        Assert.False(Sample.Get("arr")[2].Exists);
        Assert.True(Sample.Get("arr")[1].Exists);
    }

    [Fact]
    public void Conversions_of_the_wrong_type_read_as_null()
    {
        Assert.Null(Sample.Get("name").AsInt64());
        Assert.Null(Sample.Get("name").AsDouble());
        Assert.Null(Sample.Get("obj").AsString());
        Assert.Null(Sample.Get("arr").AsBoolean());
        Assert.Null(Sample.Get("num").AsDateTimeOffset());
    }

    [Fact]
    public void Equals_null_is_true_for_missing_and_json_null_only()
    {
        Assert.True(Sample.Get("nothing") == null);
        Assert.True(Sample.Get("nil") == null);
        Assert.True(Sample.Get("nil").Equals((string?)null));
        Assert.False(Sample.Get("empty") == null);
        Assert.False(Sample.Get("name") == null);
        Assert.False(Sample.Get("obj") == null);
        Assert.True(Sample.Get("name") != null);
        Assert.False(Sample.Get("nothing") != null);
    }

    [Fact]
    public void Json_null_exists_but_is_null_or_empty()
    {
        JsonField nil = Sample.Get("nil");

        Assert.True(nil.Exists);
        Assert.True(nil.IsNull);
        Assert.True(nil.IsNullOrEmpty);
        Assert.Equal(JsonFieldKind.Null, nil.Kind);
        Assert.Equal("null", nil.ToString());
        Assert.False(nil.Equals("null"));
    }

    [Fact]
    public void An_empty_string_is_null_or_empty_but_not_null()
    {
        JsonField empty = Sample.Get("empty");

        Assert.True(empty.Exists);
        Assert.False(empty.IsNull);
        Assert.True(empty.IsNullOrEmpty);
        Assert.True(empty == "");
        Assert.False(Sample.Get("name").IsNullOrEmpty);
        Assert.False(Sample.Get("num").IsNullOrEmpty);
    }

    [Fact]
    public void The_default_field_is_missing()
    {
        JsonField field = default;

        Assert.Equal(JsonField.Missing, field);
        Assert.False(field.Exists);
        Assert.False(field.Get("a.b").Exists);
        Assert.Equal(0, field.Count);
        Assert.True(field == null);
    }

    [Fact]
    public void Field_equality_is_identity_of_the_viewed_value_not_its_content()
    {
        Event other = Event.Parse("""{"name": "alice"}""");

        Assert.True(Sample.Get("name") == Sample.Root.Property("name"u8));
        Assert.False(Sample.Get("name") == other.Get("name"));
        Assert.True(Sample.Get("name").Equals((object)Sample.Get("name")));
        Assert.Equal(Sample.Get("name").GetHashCode(), Sample.Get("name").GetHashCode());
    }
}

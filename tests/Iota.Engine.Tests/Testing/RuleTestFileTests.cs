using System.Text.Json;
using Iota.Engine.Testing;
using Iota.Engine.Tests.Support;
using Iota.Sdk;

namespace Iota.Engine.Tests.Testing;

/// <summary>Reading *.tests.yml: cases, typed scalars in events, and errors that name the line.</summary>
public sealed class RuleTestFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Cases_are_read_with_their_expectations_and_lines()
    {
        string path = _dir.Write("login.tests.yml", """
            rule_id: Test.Login
            tests:
              - name: root alerts
                expected: true
                title: "Root login"
                dedup: root
                severity: critical
                event: {"eventName": "ConsoleLogin", "userIdentity": {"type": "Root"}}
              - name: others do not
                expected: false
                event:
                  eventName: ConsoleLogin
            """);

        var (cases, errors) = RuleTestFile.Load(path);

        Assert.Empty(errors);
        Assert.Equal(2, cases.Count);
        RuleTestCase first = cases[0];
        Assert.Equal("Test.Login", first.RuleId);
        Assert.Equal("root alerts", first.Name);
        Assert.True(first.Expected);
        Assert.Equal("Root login", first.Title);
        Assert.Equal("root", first.Dedup);
        Assert.Equal(Severity.Critical, first.Severity);
        Assert.Equal(path, first.SourceFile);
        Assert.Equal(3, first.Line);
        Assert.True(Event.Parse(first.EventUtf8).UserIdentity.IsRoot);
        Assert.False(cases[1].Expected);
        Assert.Null(cases[1].Title);
        Assert.Null(cases[1].Severity);
        Assert.Equal(9, cases[1].Line);
    }

    [Fact]
    public void Bare_scalars_are_typed_and_quoted_scalars_stay_strings()
    {
        string path = _dir.Write("types.tests.yml", """
            rule_id: Test.Types
            tests:
              - name: types
                expected: true
                event:
                  int: 42
                  negative: -7
                  fraction: 1.5
                  exponent: 2e3
                  yes: true
                  no: false
                  nothing: null
                  tilde: ~
                  empty:
                  quotedNumber: "42"
                  quotedBool: 'true'
                  quotedNull: "null"
                  word: ConsoleLogin
                  leadingZero: 007
                  version: 1.09
                  list: [1, "2", three]
                  nested: {a: {b: 3}}
            """);

        var (cases, errors) = RuleTestFile.Load(path);

        Assert.Empty(errors);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(cases).EventUtf8);
        JsonElement e = doc.RootElement;
        Assert.Equal(42, e.GetProperty("int").GetInt32());
        Assert.Equal(-7, e.GetProperty("negative").GetInt32());
        Assert.Equal(1.5, e.GetProperty("fraction").GetDouble());
        Assert.Equal(2000.0, e.GetProperty("exponent").GetDouble());
        Assert.Equal(JsonValueKind.True, e.GetProperty("yes").ValueKind);
        Assert.Equal(JsonValueKind.False, e.GetProperty("no").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("nothing").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("tilde").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("empty").ValueKind);
        Assert.Equal("42", e.GetProperty("quotedNumber").GetString());
        Assert.Equal("true", e.GetProperty("quotedBool").GetString());
        Assert.Equal("null", e.GetProperty("quotedNull").GetString());
        Assert.Equal("ConsoleLogin", e.GetProperty("word").GetString());
        Assert.Equal("007", e.GetProperty("leadingZero").GetString());
        Assert.Equal(JsonValueKind.Number, e.GetProperty("version").ValueKind);
        Assert.Equal("1.09", e.GetProperty("version").GetRawText());
        Assert.Equal(JsonValueKind.Number, e.GetProperty("list")[0].ValueKind);
        Assert.Equal("2", e.GetProperty("list")[1].GetString());
        Assert.Equal("three", e.GetProperty("list")[2].GetString());
        Assert.Equal(3, e.GetProperty("nested").GetProperty("a").GetProperty("b").GetInt32());
    }

    [Fact]
    public void Invalid_cases_are_errors_with_their_line_and_valid_cases_in_the_same_file_still_load()
    {
        string path = _dir.Write("bad.tests.yml", """
            rule_id: Test.Bad
            tests:
              - name: fine
                expected: true
                event: {eventName: X}
              - name: not a boolean
                expected: maybe
                event: {eventName: X}
              - name: no event
                expected: false
              - name: odd severity
                expected: true
                severity: apocalyptic
                event: {eventName: X}
              - just a string
            """);

        var (cases, errors) = RuleTestFile.Load(path);

        Assert.Equal("fine", Assert.Single(cases).Name);
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal(path, e.Source));
        Assert.Equal([6, 9, 11, 15], errors.Select(e => e.Line ?? 0));
        Assert.Contains("expected must be true or false", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("event must be a mapping", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("apocalyptic", errors[2].Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:6:1:", errors[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tests:\n  - name: x\n", "missing rule_id")]
    [InlineData("rule_id: Test.X\n", "missing tests")]
    [InlineData("- a\n- b\n", "expected a mapping")]
    public void A_file_without_rule_id_or_tests_is_one_error(string yaml, string message)
    {
        string path = _dir.Write("shape.tests.yml", yaml);

        var (cases, errors) = RuleTestFile.Load(path);

        Assert.Empty(cases);
        Assert.Contains(message, Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_is_an_error_with_its_line()
    {
        string path = _dir.Write("tabs.tests.yml", "rule_id: Test.X\ntests:\n  - name: x\n\texpected: true\n");

        var (cases, errors) = RuleTestFile.Load(path);

        Assert.Empty(cases);
        RuleLoadError error = Assert.Single(errors);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line ?? 0, 3, 4); // YamlDotNet points at the scalar the tab interrupts (line 3) or the tab (line 4)
    }

    [Fact]
    public void An_unclosed_flow_sequence_is_an_error_not_a_crash()
    {
        // YamlDotNet throws InvalidOperationException rather than YamlException for this input.
        string path = _dir.Write("unclosed.tests.yml", "rule_id: Test.X\ntests:\n  - name: x\n    expected: [true\n    event: {a: 1}\n");

        var (cases, errors) = RuleTestFile.Load(path);

        Assert.Empty(cases);
        RuleLoadError error = Assert.Single(errors);
        Assert.Equal(path, error.Source);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_finds_test_files_recursively_outside_obj()
    {
        _dir.Write("a.tests.yml", "rule_id: A\ntests: []\n");
        _dir.Write("sub/b.tests.yml", "rule_id: B\ntests: []\n");
        _dir.Write("obj/c.tests.yml", "rule_id: C\ntests: []\n");
        _dir.Write("sub/notes.yml", "x: 1\n");

        var found = RuleTestFile.Discover([_dir.Path]).Select(f => Path.GetRelativePath(_dir.Path, f)).ToList();

        Assert.Equal(["a.tests.yml", Path.Combine("sub", "b.tests.yml")], found);
    }
}

using Iota.Engine.Tests.Support;

namespace Iota.Engine.Tests.Evaluation;

/// <summary>
/// Prefilters: an event meets only the rules that could match it. Each rule's Match throws when it is handed an
/// event its prefilter should have kept away, so a dispatch mistake shows up in the error log (a static call
/// counter would not survive the rule living in its own collectible context).
/// </summary>
public sealed class DispatchTests : IDisposable
{
    private const string RuleFile = """
        public sealed class ByName : Rule
        {
            public override string Id => "Test.ByName";
            public override IReadOnlyList<string> EventNames => ["ConsoleLogin", "CheckMfa"];
            public override bool Match(Event e) => e.EventName.IsOneOf("ConsoleLogin", "CheckMfa") ? true : throw new InvalidOperationException("ByName got " + e.EventName);
        }

        public sealed class BySource : Rule
        {
            public override string Id => "Test.BySource";
            public override IReadOnlyList<string> EventSources => ["signin.amazonaws.com"];
            public override bool Match(Event e) => e.EventSource == "signin.amazonaws.com" ? true : throw new InvalidOperationException("BySource got " + e.EventSource);
        }

        public sealed class ByBoth : Rule
        {
            public override string Id => "Test.ByBoth";
            public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];
            public override IReadOnlyList<string> EventSources => ["signin.amazonaws.com"];
            public override bool Match(Event e) => e.EventName == "ConsoleLogin" && e.EventSource == "signin.amazonaws.com" ? true : throw new InvalidOperationException("ByBoth got " + e.EventName + "/" + e.EventSource);
        }

        public sealed class Everything : Rule
        {
            public override string Id => "Test.Everything";
            public override bool Match(Event e) => true;
        }

        public sealed class Disabled : Rule
        {
            public override string Id => "Test.Disabled";
            public override bool Enabled => false;
            public override bool Match(Event e) => throw new InvalidOperationException("a disabled rule ran");
        }

        public sealed class OtherLogType : Rule
        {
            public override string Id => "Test.OtherLogType";
            public override IReadOnlyList<string> LogTypes => ["Custom.Audit"];
            public override bool Match(Event e) => e.Get("kind") == "audit" ? true : throw new InvalidOperationException("a CloudTrail event reached a Custom.Audit rule");
        }
        """;

    private readonly TempDirectory _dir = new();
    private readonly RuleSet _rules;

    public DispatchTests()
    {
        _dir.Write("dispatch.csx", RuleFile);
        _rules = RuleLoader.Load([_dir.Path]);
        Assert.Empty(_rules.LoadErrors);
    }

    public void Dispose()
    {
        _rules.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("ConsoleLogin", "signin.amazonaws.com", "Test.ByBoth,Test.ByName,Test.BySource,Test.Everything")]
    [InlineData("ConsoleLogin", "other.amazonaws.com", "Test.ByName,Test.Everything")]
    [InlineData("CheckMfa", "signin.amazonaws.com", "Test.ByName,Test.BySource,Test.Everything")]
    [InlineData("GetObject", "signin.amazonaws.com", "Test.BySource,Test.Everything")]
    [InlineData("GetObject", "s3.amazonaws.com", "Test.Everything")]
    [InlineData("consolelogin", "SIGNIN.amazonaws.com", "Test.Everything")]
    public void An_event_meets_only_the_rules_whose_prefilters_admit_it(string eventName, string eventSource, string expected)
    {
        var errors = new RuleErrorLog();

        List<RuleMatch> matches = Events.Evaluate(_rules, Events.CloudTrail(eventName, eventSource), errors);

        Assert.Empty(errors.Summary());
        Assert.Equal(expected, string.Join(",", matches.Select(m => m.Rule.Id).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Escaped_event_names_are_dispatched_by_their_unescaped_value()
    {
        var errors = new RuleErrorLog();
        var e = Sdk.Event.Parse("""{"eventName":"Console\u004cogin","eventSource":"signin.amazonaws.com","eventTime":"2026-11-03T09:58:41Z"}""");

        List<RuleMatch> matches = Events.Evaluate(_rules, e, errors);

        Assert.Empty(errors.Summary());
        Assert.Contains(matches, m => m.Rule.Id == "Test.ByBoth");
    }

    [Fact]
    public void An_event_without_name_or_source_meets_only_unfiltered_rules()
    {
        var errors = new RuleErrorLog();

        List<RuleMatch> matches = Events.Evaluate(_rules, Sdk.Event.Parse("""{"eventName": 5}"""), errors);

        Assert.Empty(errors.Summary());
        Assert.Equal("Test.Everything", Assert.Single(matches).Rule.Id);
    }

    [Fact]
    public void Rules_run_only_for_their_log_types()
    {
        var errors = new RuleErrorLog();

        List<RuleMatch> custom = Events.Evaluate(_rules, Sdk.Event.Parse("""{"kind": "audit"}"""), errors, "Custom.Audit");
        List<RuleMatch> unknown = Events.Evaluate(_rules, Sdk.Event.Parse("""{"kind": "audit"}"""), errors, "Unknown");

        Assert.Empty(errors.Summary());
        Assert.Equal("Test.OtherLogType", Assert.Single(custom).Rule.Id);
        Assert.Empty(unknown);
        Assert.True(_rules.HasRulesFor("Custom.Audit"));
        Assert.True(_rules.HasRulesFor(Sdk.Rule.CloudTrail));
        Assert.False(_rules.HasRulesFor("Unknown"));
    }

    [Fact]
    public void Disabled_rules_are_listed_but_never_run()
    {
        var errors = new RuleErrorLog();

        Events.Evaluate(_rules, Events.CloudTrail("ConsoleLogin"), errors);

        Assert.Empty(errors.Summary());
        Assert.Contains(_rules.Rules, r => r.Id == "Test.Disabled" && !r.Enabled);
    }

    [Fact]
    public void Descriptors_carry_the_prefilters()
    {
        RuleDescriptor both = _rules.Rules.Single(r => r.Id == "Test.ByBoth");

        Assert.Equal(["ConsoleLogin"], both.EventNames);
        Assert.Equal(["signin.amazonaws.com"], both.EventSources);
        Assert.Equal([Sdk.Rule.CloudTrail], both.LogTypes);
    }
}

using System.Text.Json;
using Iota.Engine.Tests.Support;
using Iota.Sdk;

namespace Iota.Engine.Tests.Evaluation;

/// <summary>
/// What a match carries (title, dedup, severity, alert context, event bytes) and how failures inside rules are
/// isolated: a throwing rule is counted and skipped, a throwing output function falls back to its default.
/// </summary>
public sealed class RuleOutputTests : IDisposable
{
    private const string RuleFile = """
        public sealed class Defaults : Rule
        {
            public override string Id => "Test.Defaults";
            public override bool Match(Event e) => e.EventName == "Defaults";
        }

        public sealed class Custom : Rule
        {
            public override string Id => "Test.Custom";
            public override Severity Severity => Severity.Medium;
            public override bool Match(Event e) => e.EventName == "Custom";
            public override string Title(Event e) => "Login by " + e.UserIdentity.DisplayName();
            public override string Dedup(Event e) => e.UserIdentity.Arn.ToString();
            public override Severity SeverityFor(Event e) => e.UserIdentity.IsRoot ? Severity.Critical : Severity;
            public override IReadOnlyDictionary<string, object?>? AlertContext(Event e) => new Dictionary<string, object?>
            {
                ["ip"] = e.SourceIpAddress,
                ["mfa"] = e.UserIdentity.MfaAuthenticated,
                ["n"] = 3,
                ["missing"] = e.Get("no.such"),
                ["list"] = new List<object?> { "a", 1, null },
                ["nested"] = new Dictionary<string, object?> { ["identity"] = e.UserIdentity.Field },
            };
        }

        public sealed class ThrowingTitle : Rule
        {
            public override string Id => "Test.ThrowingTitle";
            public override Severity Severity => Severity.Low;
            public override bool Match(Event e) => e.EventName == "ThrowingTitle";
            public override string Title(Event e) => throw new InvalidOperationException("title broke");
            public override IReadOnlyDictionary<string, object?>? AlertContext(Event e) => throw new InvalidOperationException("context broke");
        }

        public sealed class ThrowingMatch : Rule
        {
            public override string Id => "Test.ThrowingMatch";
            public override bool Match(Event e) => throw new InvalidOperationException("match broke on " + e.EventName);
        }
        """;

    private readonly TempDirectory _dir = new();
    private readonly RuleSet _rules;

    public RuleOutputTests()
    {
        _dir.Write("outputs.csx", RuleFile);
        _rules = RuleLoader.Load([_dir.Path]);
        Assert.Empty(_rules.LoadErrors);
    }

    public void Dispose()
    {
        _rules.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Default_title_is_the_id_dedup_is_the_title_and_there_is_no_context()
    {
        Event e = Events.CloudTrail("Defaults");

        RuleMatch match = Assert.Single(Events.Evaluate(_rules, e), m => m.Rule.Id == "Test.Defaults");

        Assert.Equal("Test.Defaults", match.Title);
        Assert.Equal("Test.Defaults", match.Dedup);
        Assert.Equal(Severity.Info, match.Severity);
        Assert.Null(match.AlertContextJson);
        Assert.Equal(Rule.CloudTrail, match.LogType);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 58, 41, TimeSpan.Zero), match.EventTime);
        Assert.Equal(e.ToString(), System.Text.Encoding.UTF8.GetString(match.EventUtf8.Span));
        RuleDescriptor d = match.Rule;
        Assert.Equal(60, d.DedupPeriodMinutes);
        Assert.Equal(1, d.Threshold);
        Assert.True(d.Enabled);
    }

    [Fact]
    public void Custom_outputs_are_computed_per_event()
    {
        Event e = Events.CloudTrail("Custom", extra: """
            ,"sourceIPAddress":"203.0.113.88","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}
            """);

        RuleMatch match = Assert.Single(Events.Evaluate(_rules, e), m => m.Rule.Id == "Test.Custom");

        Assert.Equal("Login by arn:aws:iam::111122223333:root", match.Title);
        Assert.Equal("arn:aws:iam::111122223333:root", match.Dedup);
        Assert.Equal(Severity.Critical, match.Severity);
        Assert.Equal(Severity.Medium, match.Rule.Severity);
        using JsonDocument context = JsonDocument.Parse(match.AlertContextJson!);
        JsonElement root = context.RootElement;
        Assert.Equal("203.0.113.88", root.GetProperty("ip").GetString());
        Assert.True(root.GetProperty("mfa").GetBoolean());
        Assert.Equal(3, root.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("missing").ValueKind);
        Assert.Equal(3, root.GetProperty("list").GetArrayLength());
        Assert.Equal("Root", root.GetProperty("nested").GetProperty("identity").GetProperty("type").GetString());
    }

    [Fact]
    public void A_throwing_title_falls_back_to_the_id_and_a_throwing_context_to_none_and_both_are_reported()
    {
        var errors = new RuleErrorLog();

        RuleMatch match = Assert.Single(Events.Evaluate(_rules, Events.CloudTrail("ThrowingTitle"), errors), m => m.Rule.Id == "Test.ThrowingTitle");

        Assert.Equal("Test.ThrowingTitle", match.Title);
        Assert.Equal("Test.ThrowingTitle", match.Dedup);
        Assert.Equal(Severity.Low, match.Severity);
        Assert.Null(match.AlertContextJson);
        var summary = errors.Summary().Where(s => s.RuleId == "Test.ThrowingTitle").ToList();
        Assert.Single(summary);
        Assert.Contains("title broke", summary[0].FirstMessage, StringComparison.Ordinal);
        Assert.Equal(3, summary[0].Count); // Title, then Dedup (which calls Title), then AlertContext
    }

    [Fact]
    public void A_rule_that_throws_is_counted_and_the_other_rules_still_match()
    {
        var errors = new RuleErrorLog();
        var first = new List<RuleError>();
        errors.FirstError += first.Add;

        List<RuleMatch> a = Events.Evaluate(_rules, Events.CloudTrail("Defaults"), errors);
        List<RuleMatch> b = Events.Evaluate(_rules, Events.CloudTrail("Custom"), errors);
        List<RuleMatch> c = Events.Evaluate(_rules, Events.CloudTrail("Nothing"), errors);

        Assert.Equal("Test.Defaults", Assert.Single(a).Rule.Id);
        Assert.Equal("Test.Custom", Assert.Single(b).Rule.Id);
        Assert.Empty(c);
        var (ruleId, count, message) = Assert.Single(errors.Summary());
        Assert.Equal("Test.ThrowingMatch", ruleId);
        Assert.Equal(3, count);
        Assert.Equal(3, errors.Total);
        Assert.Contains("InvalidOperationException", message, StringComparison.Ordinal);
        Assert.Contains("match broke on Defaults", message, StringComparison.Ordinal);
        RuleError reported = Assert.Single(first);
        Assert.Equal("Test.ThrowingMatch", reported.RuleId);
    }
}

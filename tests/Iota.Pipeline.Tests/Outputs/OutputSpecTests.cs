using Iota.Pipeline.Outputs;
using Iota.Pipeline.Tests.Support;
using Iota.Sdk;

namespace Iota.Pipeline.Tests.Outputs;

public sealed class OutputSpecTests : IDisposable
{
    private const string SlackUrl = "https://hooks.slack.com/services/T1/B2/xoxsecret";

    private static readonly Dictionary<string, string> FullEnvironment = new()
    {
        ["SLACK_WEBHOOK_URL"] = SlackUrl,
        ["IOTA_WEBHOOK_SECRET"] = "hmac-secret",
        ["PAGERDUTY_ROUTING_KEY"] = "pd-routing-key",
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("stdout", OutputKind.Stdout, typeof(StdoutOutput))]
    [InlineData("file:/tmp/alerts.jsonl", OutputKind.File, typeof(FileOutput))]
    [InlineData("slack", OutputKind.Slack, typeof(SlackOutput))]
    [InlineData("slack:https://hooks.slack.com/services/X", OutputKind.Slack, typeof(SlackOutput))]
    [InlineData("webhook:https://siem.example.com/in", OutputKind.Webhook, typeof(WebhookOutput))]
    [InlineData("pagerduty", OutputKind.PagerDuty, typeof(PagerDutyOutput))]
    [InlineData("pagerduty:https://events.eu.pagerduty.com/v2/enqueue", OutputKind.PagerDuty, typeof(PagerDutyOutput))]
    public void Each_kind_parses_and_builds_its_output(string text, OutputKind kind, Type outputType)
    {
        var spec = OutputSpec.Parse(text, environment: Env(FullEnvironment));

        Assert.Equal(kind, spec.Kind);
        using var http = new HttpClient();
        var output = spec.CreateOutput(http, TextWriter.Null);
        Assert.IsType(outputType, output);
        Assert.Equal(OutputSpec.DefaultName(kind), output.Name);
    }

    [Fact]
    public void Repeated_kinds_get_numbered_names()
    {
        var specs = OutputSpec.ParseAll(["webhook:https://a.example/", "stdout", "webhook:https://b.example/"], Env(FullEnvironment));

        Assert.Equal(["webhook", "stdout", "webhook-2"], specs.Select(s => s.Name));
    }

    [Theory]
    [InlineData("slack", "SLACK_WEBHOOK_URL")]
    [InlineData("pagerduty", "PAGERDUTY_ROUTING_KEY")]
    [InlineData("file:", "file:PATH")]
    [InlineData("webhook:", "webhook:URL")]
    [InlineData("webhook:not-a-url", "absolute http(s) URL")]
    [InlineData("stdout:x", "takes no argument")]
    [InlineData("email:ops@example.com", "unknown kind 'email'")]
    public void Mistakes_name_the_spec_and_the_fix(string text, string expected)
    {
        var error = Assert.Throws<IotaConfigException>(() => OutputSpec.Parse(text, environment: Env([])));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_never_appear_in_messages_or_descriptions()
    {
        var slack = OutputSpec.Parse("slack:" + SlackUrl, environment: Env(FullEnvironment));
        var pagerDuty = OutputSpec.Parse("pagerduty", environment: Env(FullEnvironment));
        var error = Assert.Throws<IotaConfigException>(() => OutputSpec.Parse("slack:not a url xoxsecret", environment: Env([])));
        var typo = Assert.Throws<IotaConfigException>(() => OutputSpec.Parse("slak:" + SlackUrl, environment: Env([])));

        Assert.Equal("slack (slack:<redacted>)", slack.ToString());
        Assert.DoesNotContain("pd-routing-key", pagerDuty.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("xoxsecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxsecret", typo.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_gives_names_specs_and_routes()
    {
        var path = Path.Combine(_dir.Path, "iota.json");
        File.WriteAllText(path, """
            {
              // comments are allowed
              "outputs": [
                { "spec": "stdout" },
                { "name": "oncall", "spec": "pagerduty", "min_severity": "high" },
                { "spec": "webhook:https://a.example/", "rules": ["AWS.Root.Login"], "tags": ["iam"] },
                { "spec": "webhook:https://b.example/" },
              ]
            }
            """);

        var config = IotaConfig.Load(path, Env(FullEnvironment));

        Assert.Equal(["stdout", "oncall", "webhook", "webhook-2"], config.Outputs.Select(o => o.Spec.Name));
        Assert.Equal(
            [
                new OutputRoute("stdout", Severity.Info, [], []),
                new OutputRoute("oncall", Severity.High, [], []),
                new OutputRoute("webhook", Severity.Info, ["AWS.Root.Login"], ["iam"]),
                new OutputRoute("webhook-2", Severity.Info, [], []),
            ],
            config.Routes,
            RouteComparer.Instance);
        using var http = new HttpClient();
        Assert.Equal(["stdout", "oncall", "webhook", "webhook-2"], config.CreateOutputs(http, TextWriter.Null).Select(o => o.Name));
    }

    [Theory]
    [InlineData("""{ "outputs": [ { "spec": "stdout" } """, "line 1")]
    [InlineData("""{ "outputs": [ { "name": "x" } ] }""", "outputs[0]: \"spec\" is required")]
    [InlineData("""{ "outputs": [ { "spec": "stdout", "min_severity": "URGENT" } ] }""", "outputs[0]: min_severity 'URGENT'")]
    [InlineData("""{ "outputs": [ { "spec": "stdout", "tags": "iam" } ] }""", "\"tags\" must be an array of strings")]
    [InlineData("""{ "outputs": [ { "spec": "stdout" }, { "spec": "file:a", "name": "stdout" } ] }""", "two outputs are named 'stdout'")]
    [InlineData("""{ "outputs": [ { "spec": "stdout" }, { "spec": "slack" } ] }""", "outputs[1]: Output 'slack': set SLACK_WEBHOOK_URL")]
    [InlineData("""[]""", "\"outputs\" array")]
    public void Config_mistakes_name_the_file_and_the_place(string json, string expected)
    {
        var error = Assert.Throws<IotaConfigException>(() => IotaConfig.Parse(json, "iota.json", Env([])));

        Assert.StartsWith("iota.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_filter_by_severity_then_by_rule_or_tag()
    {
        var route = new OutputRoute("x", Severity.Medium, ["AWS.Root.Login"], ["iam"]);

        Assert.True(route.Accepts("aws.root.login", Severity.High, []));
        Assert.True(route.Accepts("Other", Severity.Medium, ["IAM"]));
        Assert.False(route.Accepts("Other", Severity.Critical, ["s3"]));
        Assert.False(route.Accepts("AWS.Root.Login", Severity.Low, ["iam"]));
        Assert.True(OutputRoute.All("y").Accepts("Anything", Severity.Info, []));
    }

    private static Func<string, string?> Env(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);

    private sealed class RouteComparer : IEqualityComparer<OutputRoute>
    {
        public static readonly RouteComparer Instance = new();

        public bool Equals(OutputRoute? x, OutputRoute? y) =>
            x is not null && y is not null && x.OutputName == y.OutputName && x.MinimumSeverity == y.MinimumSeverity &&
            (x.RuleIds ?? []).SequenceEqual(y.RuleIds ?? []) && (x.Tags ?? []).SequenceEqual(y.Tags ?? []);

        public int GetHashCode(OutputRoute obj) => obj.OutputName.GetHashCode(StringComparison.Ordinal);
    }
}

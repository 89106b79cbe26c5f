using System.Collections;
using Iota.Cli.Serve;
using Iota.Cli.Tests.Commands;
using Iota.Pipeline;

namespace Iota.Cli.Tests.Serve;

/// <summary>How the config file, IOTA_* variables and flags layer into <c>iota serve</c>'s settings.</summary>
public sealed class ServeSettingsTests : IDisposable
{
    private readonly TempStateDirectory _work = new();

    public ServeSettingsTests() => Directory.CreateDirectory(_work.Path);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Flags_beat_environment_variables_which_beat_the_config_file()
    {
        string file = WriteConfig("""
            {
              // serve settings sit beside the outputs
              "outputs": [ { "spec": "stdout" } ],
              "serve": { "mode": "sqs", "sqs_queue_url": "https://sqs.eu-west-1.amazonaws.com/1/from-file", "max_receives": 7,
                         "grace_period": "45s", "rules": ["/rules/a", "/rules/b"], "region": "eu-west-1" }
            }
            """);
        var environment = new Hashtable { ["IOTA_MAX_RECEIVES"] = "9", ["IOTA_REGION"] = "eu-central-1", ["OTHER_MAX_RECEIVES"] = "1" };
        var flags = new Dictionary<string, string?> { ["region"] = "us-west-2", ["mode"] = null, ["rules:0"] = "/rules/flag" };

        var settings = Settings(file, environment, flags);

        Assert.Equal(ServeMode.Sqs, settings.Mode);
        Assert.Equal("https://sqs.eu-west-1.amazonaws.com/1/from-file", settings.QueueUrl);
        Assert.Equal(9, settings.MaxReceives);
        Assert.Equal("us-west-2", settings.Region);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.GracePeriod);
        Assert.Equal(["/rules/flag"], settings.RuleFolders);
    }

    [Fact]
    public void Defaults_mirror_iota_run_and_the_issue()
    {
        var settings = Settings(null, new Hashtable(), new Dictionary<string, string?> { ["mode"] = "sqs", ["sqs_queue_url"] = "http://127.0.0.1:1/000000000000/q" });

        Assert.Equal(".iota", settings.State);
        Assert.Equal("0.0.0.0:8080", settings.Listen.ToString());
        Assert.Equal(5, settings.DownloadWorkers);
        Assert.Equal(Environment.ProcessorCount, settings.ProcessWorkers);
        Assert.Equal(5, settings.MaxReceives);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.GracePeriod);
        Assert.Equal(["/bundled"], settings.RuleFolders);
        Assert.Equal("stdout", Assert.Single(settings.Outputs.Outputs).Spec.Name);
    }

    [Fact]
    public void The_endpoint_url_applies_to_every_service_unless_one_is_overridden()
    {
        var settings = Settings(null, new Hashtable { ["IOTA_ENDPOINT_URL"] = "http://127.0.0.1:4566" }, new Dictionary<string, string?>
        {
            ["mode"] = "sqs", ["sqs_queue_url"] = "http://127.0.0.1:4566/000000000000/q", ["s3_endpoint_url"] = "http://127.0.0.1:9000",
        });

        Assert.Equal("http://127.0.0.1:4566", settings.SqsEndpointUrl);
        Assert.Equal("http://127.0.0.1:9000", settings.S3EndpointUrl);
    }

    [Theory]
    [InlineData("mode", "kafka", "mode 'kafka' is not one of")]
    [InlineData("max_receives", "0", "max_receives: '0' is not a positive whole number")]
    [InlineData("grace_period", "soon", "grace_period: 'soon' is not a duration")]
    [InlineData("listen", "8080", "listen: '8080' is not HOST:PORT")]
    [InlineData("endpoint_url", "localhost", "endpoint_url: 'localhost' is not an absolute URL")]
    public void A_bad_setting_is_named_with_its_value(string key, string value, string message)
    {
        var flags = new Dictionary<string, string?> { ["mode"] = "sqs", ["sqs_queue_url"] = "http://127.0.0.1:1/0/q", [key] = value };

        var error = Assert.Throws<IotaConfigException>(() => Settings(null, new Hashtable(), flags));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqs", "--mode sqs needs --sqs-queue-url")]
    [InlineData("eventbridge", "--mode eventbridge needs --sqs-queue-url")]
    [InlineData("s3-poll", "--mode s3-poll needs --s3-bucket")]
    [InlineData("watch", "--mode watch needs --watch-dir")]
    public void Each_mode_names_the_setting_it_is_missing(string mode, string message)
    {
        var error = Assert.Throws<IotaConfigException>(() => Settings(null, new Hashtable(), new Dictionary<string, string?> { ["mode"] = mode }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_in_the_file_and_on_the_command_line_together_are_refused()
    {
        string file = WriteConfig("""{ "outputs": [ { "spec": "stdout" } ] }""");

        var error = Assert.Throws<IotaConfigException>(() => ServeConfiguration.Outputs(file, ["file:/tmp/x"]));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_that_is_not_json_is_named()
    {
        string file = WriteConfig("{ \"serve\": ");

        var error = Assert.Throws<IotaConfigException>(() => ServeConfiguration.Build(file, new Hashtable(), new Dictionary<string, string?>()));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("00:01:30", 90)]
    public void Durations_read_with_units_or_as_a_time_span(string text, double seconds)
    {
        var settings = Settings(null, new Hashtable(), new Dictionary<string, string?> { ["mode"] = "sqs", ["sqs_queue_url"] = "http://127.0.0.1:1/0/q", ["poll_interval"] = text });

        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.PollInterval);
    }

    private static ServeSettings Settings(string? file, IDictionary environment, Dictionary<string, string?> flags) =>
        ServeSettings.From(ServeConfiguration.Build(file, environment, flags), ServeConfiguration.Outputs(file, []), ["/bundled"]);

    private string WriteConfig(string json)
    {
        string path = Path.Combine(_work.Path, "iota.json");
        File.WriteAllText(path, json);
        return path;
    }
}

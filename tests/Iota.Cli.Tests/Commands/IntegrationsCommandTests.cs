using System.Text.Json;
using Iota.Cli.Commands;

namespace Iota.Cli.Tests.Commands;

public sealed class IntegrationsCommandTests : IDisposable
{
    private readonly TempStateDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Add_then_list_then_remove()
    {
        var add = Run("add", "prod", "--account-id", "123456789012", "--bucket", "org-trail", "--prefix", "o-1/AWSLogs/",
            "--role-arn", "arn:aws:iam::123456789012:role/IotaReader");
        var addDisabled = Run("add", "dev", "--account-id", "210987654321", "--bucket", "dev-trail", "--disabled");

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("Added integration 'prod'", add.Output, StringComparison.Ordinal);
        Assert.Equal(0, addDisabled.ExitCode);

        var json = Run("list", "--format", "json");
        var listed = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["dev", "prod"], listed.Select(i => i.GetProperty("label").GetString()));
        Assert.False(listed[0].GetProperty("enabled").GetBoolean());
        Assert.Equal("arn:aws:iam::123456789012:role/IotaReader", listed[1].GetProperty("role_arn").GetString());
        Assert.Equal("o-1/AWSLogs/", listed[1].GetProperty("prefix").GetString());
        Assert.Equal("INACTIVE", listed[1].GetProperty("status").GetString());

        var table = Run("list");
        Assert.Contains("s3://org-trail/o-1/AWSLogs/", table.Output, StringComparison.Ordinal);

        Assert.Equal(0, Run("remove", "prod").ExitCode);
        var missing = Run("remove", "prod");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No integration labelled 'prod'", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("prod", Run("list").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_reported_in_words_a_user_can_act_on()
    {
        var badAccount = Run("add", "prod", "--account-id", "42", "--bucket", "b");
        Run("add", "prod", "--account-id", "123456789012", "--bucket", "b");
        var duplicate = Run("add", "prod", "--account-id", "123456789012", "--bucket", "b");
        var missingBucket = Run("add", "other", "--account-id", "123456789012");

        Assert.Equal(1, badAccount.ExitCode);
        Assert.Contains("'42' is not a 12-digit AWS account id", badAccount.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", badAccount.Error, StringComparison.Ordinal);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, missingBucket.ExitCode);
        Assert.Contains("--bucket", missingBucket.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_an_empty_state_says_so()
    {
        var (exitCode, output, _) = Run("list");

        Assert.Equal(0, exitCode);
        Assert.Equal("No integrations.", output.Trim());
    }

    private (int ExitCode, string Output, string Error) Run(params string[] args) =>
        CommandRunner.Run(IntegrationsCommand.Create(), ["integrations", .. args, "--state", _state.Path]);
}

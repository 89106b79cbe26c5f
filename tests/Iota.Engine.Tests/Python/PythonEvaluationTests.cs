using System.Text.Json;
using Iota.Engine.Python;
using Iota.Sdk;

namespace Iota.Engine.Tests.Python;

public sealed class PythonEvaluationTests(PythonHostFixture fixture) : IClassFixture<PythonHostFixture>
{
    private readonly PythonRuleHost _host = fixture.Host;

    [Fact]
    public async Task Iota_rule_outputs_come_from_its_functions_and_helpers()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin())]);

        var match = Assert.Single(result.Matches);
        Assert.Equal(0, match.EventIndex);
        Assert.Equal("root_console_login", match.RuleId);
        Assert.Equal("Root console login from 203.0.113.9", match.Title);
        Assert.Equal("arn:aws:iam::123456789012:root", match.Dedup);
        Assert.Equal(Severity.High, match.Severity);
        var context = PythonFixtures.Json(match.AlertContextJson);
        Assert.Equal("arn:aws:iam::123456789012:root", context.GetProperty("principal").GetString());
        Assert.Equal("No", context.GetProperty("mfa").GetString());
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Iota_rule_without_output_functions_uses_the_rule_id_and_info()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.Quiet("defaults"))]);

        var match = Assert.Single(result.Matches);
        Assert.Equal(("any_marker", "any_marker", "any_marker", Severity.Info), (match.RuleId, match.Title, match.Dedup, match.Severity));
        Assert.Null(match.AlertContextJson);
    }

    [Fact]
    public async Task Long_titles_and_dedups_are_cut_and_an_oversized_context_is_replaced_by_an_error()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.Quiet("long"))]);

        var match = Assert.Single(result.Matches);
        Assert.Equal(1000, match.Title.Length);
        Assert.EndsWith("... (truncated)", match.Title, StringComparison.Ordinal);
        Assert.Equal(new string('T', 985), match.Title[..985]);
        Assert.Equal(1000, match.Dedup.Length);
        var error = PythonFixtures.Json(match.AlertContextJson).GetProperty("_error").GetString();
        Assert.Matches(@"^alert_context size is \[\d+\] characters, bigger than maximum of \[204800\] characters$", error);
    }

    [Fact]
    public async Task A_rule_that_raises_is_isolated_and_other_rules_still_run_on_the_event()
    {
        var result = await _host.EvaluateAsync(
        [
            PythonFixtures.Event(PythonFixtures.Quiet("nothing")),
            PythonFixtures.Event(PythonFixtures.RootLogin("raise")),
        ]);

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.EventIndex);
        Assert.Equal("raising_rule", error.Error.RuleId);
        Assert.Contains("ValueError: fixture rule refuses this event", error.Error.Message, StringComparison.Ordinal);
        var match = Assert.Single(result.Matches);
        Assert.Equal((1, "root_console_login"), (match.EventIndex, match.RuleId));
    }

    [Fact]
    public async Task A_rule_calling_sys_exit_is_a_rule_error_not_a_worker_exit()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin("exit"))]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("exiting_rule", error.Error.RuleId);
        Assert.Contains("SystemExit", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal("root_console_login", Assert.Single(result.Matches).RuleId);
    }

    [Fact]
    public async Task The_event_is_a_case_insensitive_read_only_mapping()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin("view"))]);

        var probe = Assert.Single(result.Matches, m => m.RuleId == "event_view_probe");
        var context = PythonFixtures.Json(probe.AlertContextJson);
        Assert.Equal("ConsoleLogin", context.GetProperty("upper").GetString());
        Assert.Equal("203.0.113.9", context.GetProperty("indexed").GetString());
        Assert.Equal("KeyError", context.GetProperty("index_missing").GetString());
        Assert.Equal([true, false], context.GetProperty("contains").EnumerateArray().Select(e => e.GetBoolean()));
        Assert.Equal("No", context.GetProperty("nested_get").GetString());
        Assert.Equal("default", context.GetProperty("get_default").GetString());
        Assert.Equal("Root", context.GetProperty("mixed").GetString());
        Assert.Equal("none", context.GetProperty("missing").GetString());
        Assert.Equal(["arn:one", "arn:two"], context.GetProperty("walk").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("TypeError", context.GetProperty("assignment").GetString());
        Assert.Equal("TypeError", context.GetProperty("nested_assignment").GetString());
        Assert.Equal("AWS::IAM::User", context.GetProperty("list_is_list_like").GetString());
    }

    [Fact]
    public async Task Rule_print_output_does_not_corrupt_the_frames()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.Quiet("print")), PythonFixtures.Event(PythonFixtures.Quiet("defaults"))]);

        Assert.Equal(["printer", "any_marker"], result.Matches.Select(m => m.RuleId));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Panther_rule_uses_the_data_model_and_default_severity_and_dedups_on_title()
    {
        var attach = new Dictionary<string, object?>
        {
            ["eventName"] = "AttachUserPolicy",
            ["sourceIPAddress"] = "198.51.100.7",
            ["userIdentity"] = new Dictionary<string, object?> { ["type"] = "IAMUser", ["userName"] = "alice" },
            ["requestParameters"] = new Dictionary<string, object?> { ["userName"] = "bob", ["policyArn"] = "arn:aws:iam::aws:policy/AdministratorAccess" },
            ["resources"] = new object[] { new Dictionary<string, object?> { ["ARN"] = "arn:aws:iam::123456789012:user/bob" } },
        };
        var byRoot = new Dictionary<string, object?>(attach)
        {
            ["userIdentity"] = new Dictionary<string, object?> { ["type"] = "Root" },
        };

        var result = await _host.EvaluateAsync([PythonFixtures.Event(attach), PythonFixtures.Event(byRoot)]);

        Assert.Equal(2, result.Matches.Count);
        var byUser = result.Matches[0];
        Assert.Equal("Fixture.IAM.AdminPolicyAttached", byUser.RuleId);
        Assert.Equal("alice attached admin to bob", byUser.Title);
        Assert.Equal(byUser.Title, byUser.Dedup);
        Assert.Equal(Severity.Medium, byUser.Severity);
        Assert.Equal("Ask the actor why.", byUser.Runbook);
        var context = PythonFixtures.Json(byUser.AlertContextJson);
        Assert.Equal("alice", context.GetProperty("actor").GetString());
        Assert.Equal("198.51.100.7", context.GetProperty("source_ip").GetString());
        Assert.Equal("unknown", context.GetProperty("owner").GetString());
        Assert.Equal("arn:aws:iam::123456789012:user/bob", context.GetProperty("first_resource").GetString());
        Assert.Equal((1, Severity.Critical, "root attached admin to bob"), (result.Matches[1].EventIndex, result.Matches[1].Severity, result.Matches[1].Title));
    }

    [Fact]
    public async Task Rules_only_see_events_of_their_log_types()
    {
        var result = await _host.EvaluateAsync([PythonFixtures.Event(PythonFixtures.RootLogin(), "AWS.S3ServerAccess")]);

        Assert.Empty(result.Matches);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task An_event_that_is_not_a_json_object_is_reported_and_the_rest_evaluated()
    {
        var result = await _host.EvaluateAsync(
        [
            PythonFixtures.RawEvent("{\"eventName\": "),
            PythonFixtures.Event(PythonFixtures.Quiet("defaults")),
        ]);

        var error = Assert.Single(result.Errors);
        Assert.Equal((0, PythonRuleHost.WorkerFailureRuleId), (error.EventIndex, error.Error.RuleId));
        Assert.Equal((1, "any_marker"), (result.Matches[0].EventIndex, result.Matches[0].RuleId));
        Assert.Single(result.RuleErrors);
    }
}

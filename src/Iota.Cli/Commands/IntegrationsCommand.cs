using Iota.Cli.Internal;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;
using Spectre.Console;

namespace Iota.Cli.Commands;

/// <summary>
/// <c>iota integrations add|list|remove</c>: the accounts and buckets iota reads CloudTrail from.
/// </summary>
public static class IntegrationsCommand
{
    /// <summary>Builds the <c>integrations</c> command; <paramref name="time"/> stamps when an integration was added.</summary>
    public static Command Create(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return new Command("integrations", "Manage the CloudTrail sources (account, bucket, prefix, role) iota reads.")
        {
            CreateAdd(time),
            CreateList(),
            CreateRemove(),
        };
    }

    private static Command CreateAdd(TimeProvider time)
    {
        var state = StateDirectoryOption.Create();
        var label = new Argument<string>("label") { Description = "A unique name for the integration, e.g. prod." };
        var accountId = new Option<string>("--account-id") { Description = "The 12-digit AWS account id.", Required = true };
        var bucket = new Option<string>("--bucket") { Description = "The S3 bucket the trail writes to.", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "The key prefix the trail writes under.", DefaultValueFactory = _ => "" };
        var roleArn = new Option<string?>("--role-arn") { Description = "A role to assume to read the bucket." };
        var disabled = new Option<bool>("--disabled") { Description = "Add it without reading from it yet." };

        var add = new Command("add", "Add an integration.") { label, state, accountId, bucket, prefix, roleArn, disabled };
        add.SetAction(parseResult =>
        {
            var integration = new Integration
            {
                Label = parseResult.GetRequiredValue(label),
                AccountId = parseResult.GetRequiredValue(accountId),
                Bucket = parseResult.GetRequiredValue(bucket),
                Prefix = parseResult.GetValue(prefix) ?? "",
                RoleArn = parseResult.GetValue(roleArn),
                Enabled = !parseResult.GetValue(disabled),
            };
            using var database = StateDirectoryOption.Open(parseResult, parseResult.GetRequiredValue(state));
            if (database is null)
            {
                return 1;
            }

            try
            {
                new IntegrationStore(database).Add(integration, time.GetUtcNow());
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(error is ArgumentException argument ? WithoutParamName(argument) : error.Message);
                return 1;
            }

            parseResult.InvocationConfiguration.Output.WriteLine(
                $"Added integration '{integration.Label}' (account {integration.AccountId}, s3://{integration.Bucket}/{integration.Prefix}).");
            return 0;
        });
        return add;
    }

    private static Command CreateList()
    {
        var state = StateDirectoryOption.Create();
        var format = CommonOptions.Format("table", "json");
        var list = new Command("list", "List integrations.") { state, format };
        list.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var stateDirectory = parseResult.GetRequiredValue(state);
            IReadOnlyList<Integration> integrations = [];
            if (StateDatabase.Exists(stateDirectory))
            {
                using var database = StateDirectoryOption.Open(parseResult, stateDirectory);
                if (database is null)
                {
                    return 1;
                }

                integrations = new IntegrationStore(database).List();
            }

            if (parseResult.GetRequiredValue(format) == "json")
            {
                foreach (var integration in integrations)
                {
                    output.WriteLine(ToJson(integration));
                }
            }
            else
            {
                WriteTable(output, integrations);
            }

            return 0;
        });
        return list;
    }

    private static Command CreateRemove()
    {
        var state = StateDirectoryOption.Create();
        var label = new Argument<string>("label") { Description = "The integration to remove." };
        var remove = new Command("remove", "Remove an integration (what was already read stays read).") { label, state };
        remove.SetAction(parseResult =>
        {
            var name = parseResult.GetRequiredValue(label);
            var stateDirectory = parseResult.GetRequiredValue(state);
            var removed = false;
            if (StateDatabase.Exists(stateDirectory))
            {
                using var database = StateDirectoryOption.Open(parseResult, stateDirectory);
                if (database is null)
                {
                    return 1;
                }

                removed = new IntegrationStore(database).Remove(name);
            }

            if (!removed)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"No integration labelled '{name}' in {stateDirectory}.");
                return 1;
            }

            parseResult.InvocationConfiguration.Output.WriteLine($"Removed integration '{name}'.");
            return 0;
        });
        return remove;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<Integration> integrations)
    {
        if (integrations.Count == 0)
        {
            output.WriteLine("No integrations.");
            return;
        }

        var table = new Table()
            .AddColumn("Label")
            .AddColumn("Account")
            .AddColumn("Source")
            .AddColumn("Role")
            .AddColumn("Enabled")
            .AddColumn("Status")
            .AddColumn("Last event (UTC)");
        foreach (var integration in integrations)
        {
            table.AddRow(
                Markup.Escape(integration.Label),
                integration.AccountId,
                Markup.Escape($"s3://{integration.Bucket}/{integration.Prefix}"),
                Markup.Escape(integration.RoleArn ?? "-"),
                integration.Enabled ? "yes" : "no",
                StatusName(integration.Status),
                integration.LastEventTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-");
        }

        PlainConsole.Over(output).Write(table);
    }

    private static string ToJson(Integration integration)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("label", integration.Label);
            writer.WriteString("account_id", integration.AccountId);
            writer.WriteString("bucket", integration.Bucket);
            writer.WriteString("prefix", integration.Prefix);
            writer.WriteString("role_arn", integration.RoleArn);
            writer.WriteBoolean("enabled", integration.Enabled);
            if (integration.LastEventTime is { } last)
            {
                writer.WriteString("last_event_time", AlertJson.Timestamp(last));
            }
            else
            {
                writer.WriteNull("last_event_time");
            }

            writer.WriteString("status", StatusName(integration.Status));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string StatusName(IntegrationStatus status) => status == IntegrationStatus.Active ? "ACTIVE" : "INACTIVE";

    // ArgumentException appends " (Parameter 'integration')", which means nothing to someone at a shell.
    private static string WithoutParamName(ArgumentException error) =>
        error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", "", StringComparison.Ordinal);
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Iota.Cli.Internal;
using Iota.Pipeline.DuckDb;
using Iota.Pipeline.Lake;
using Spectre.Console;

namespace Iota.Cli.Commands;

/// <summary><c>iota query "SQL" [--lake DIR|s3://...] [--last 24h | --start T --end T] [--format table|json|csv]</c></summary>
internal static class QueryCommand
{
    private const int TableRowLimit = 1000;

    public static Command Create()
    {
        var sql = new Argument<string>("SQL") { Description = "The query; each log type is a table, e.g. aws_cloudtrail." };
        var lake = LakeLocation.Option("The lake: a folder or s3://bucket/prefix (default: ./lake).");
        var last = TimeRange.Last();
        var start = TimeRange.StartOption();
        var end = TimeRange.EndOption();
        var format = CommonOptions.Format("table", "json", "csv");
        var command = new Command("query", "Run SQL over the lake with embedded DuckDB; only the partitions in the time range are read.")
        {
            sql, lake, last, start, end, format,
        };
        command.SetAction((parse, cancel) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            TimeRange range;
            try
            {
                range = TimeRange.From(parse.GetValue(last), parse.GetValue(start), parse.GetValue(end), DateTimeOffset.UtcNow);
            }
            catch (FormatException ex)
            {
                error.WriteLine($"iota query: {ex.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            return RunAsync(parse.GetValue(sql)!, parse.GetValue(lake) ?? "lake", range, parse.GetValue(format)!, output, error, cancel);
        });
        return command;
    }

    private static async Task<int> RunAsync(string sql, string lake, TimeRange range, string format, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        if (LakeLocation.Absent(lake) is string absent)
        {
            error.WriteLine($"iota query: {absent}");
            return ExitCodes.Usage;
        }

        ILakeStore store = LakeLocation.OpenStore(lake);
        try
        {
            using var query = new LakeQuery(store, range.Start, range.End);
            bool interactive = ReferenceEquals(output, Console.Out) && Stderr.IsTerminal;
            query.Open(interactive ? (done, total) => Stderr.Status($"fetching lake files {done}/{total}") : null);
            Stderr.ClearStatus();

            using CancellationTokenRegistration interrupt = cancel.Register(query.Connection.Interrupt);
            Task<DuckDBDataReader> running = Task.Run(() => query.Execute(sql), CancellationToken.None);
            if (interactive)
            {
                await ShowProgressAsync(query.Connection, running).ConfigureAwait(false);
            }

            using DuckDBDataReader reader = await running.ConfigureAwait(false);
            switch (format)
            {
                case "json":
                    WriteJson(output, reader, query.JsonColumns);
                    break;
                case "csv":
                    WriteCsv(output, reader);
                    break;
                default:
                    WriteTable(output, reader);
                    break;
            }

            return ExitCodes.Ok;
        }
        catch (DuckDBException ex)
        {
            error.WriteLine(cancel.IsCancellationRequested ? "iota query: interrupted" : $"iota query: {ex.Message}");
            return ExitCodes.InputFailed;
        }
        catch (LakeStoreException ex)
        {
            error.WriteLine($"iota query: {ex.Message}");
            return ExitCodes.InputFailed;
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>A progress bar on stderr for scans that take more than a moment, fed by DuckDB's own estimate.</summary>
    private static async Task ShowProgressAsync(DuckDBConnection connection, Task running)
    {
        if (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) == running)
        {
            return;
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress().AutoClear(true).StartAsync(async context =>
        {
            ProgressTask scan = context.AddTask("scanning lake", maxValue: 100);
            while (!running.IsCompleted)
            {
                DuckDBQueryProgress progress = connection.GetQueryProgress();
                if (progress.Percentage >= 0)
                {
                    scan.Value = progress.Percentage;
                }

                await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(100))).ConfigureAwait(false);
            }

            scan.Value = 100;
        }).ConfigureAwait(false);
    }

    private static void WriteTable(TextWriter output, DuckDBDataReader reader)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            var column = new TableColumn(Markup.Escape(reader.GetName(i)));
            Type type = reader.GetFieldType(i);
            if (type == typeof(long) || type == typeof(ulong) || type == typeof(double) || type == typeof(decimal))
            {
                column.RightAligned();
            }

            table.AddColumn(column);
        }

        int shown = 0;
        while (shown < TableRowLimit && reader.Read())
        {
            table.AddRow([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "[grey]NULL[/]" : Markup.Escape(Text(reader.GetValue(i))))]);
            shown++;
        }

        long rows = reader.RowCount;
        table.Caption(rows > shown
            ? $"{rows:N0} rows, first {shown:N0} shown (use --format csv or json, or LIMIT)"
            : $"{rows:N0} row{(rows == 1 ? "" : "s")}");
        PlainConsole.Over(output).Write(table);
    }

    private static void WriteJson(TextWriter output, DuckDBDataReader reader, IReadOnlySet<string> jsonColumns)
    {
        string[] names = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
        var buffer = new MemoryStream();
        while (reader.Read())
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (int i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    object value = reader.GetValue(i);
                    switch (value)
                    {
                        case DBNull: json.WriteNullValue(); break;
                        case bool b: json.WriteBooleanValue(b); break;
                        case long l: json.WriteNumberValue(l); break;
                        case ulong u: json.WriteNumberValue(u); break;
                        case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                        case decimal m: json.WriteNumberValue(m); break;
                        case string s when jsonColumns.Contains(names[i]): json.WriteRawValue(s, skipInputValidation: false); break;
                        default: json.WriteStringValue(Text(value)); break;
                    }
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static void WriteCsv(TextWriter output, DuckDBDataReader reader)
    {
        output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Csv(reader.GetName(i)))));
        while (reader.Read())
        {
            output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Csv(Text(reader.GetValue(i))))));
        }
    }

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}

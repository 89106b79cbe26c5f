using System.CommandLine;

namespace Iota.Cli.Commands;

/// <summary>The <c>--format table|json</c> option of listing commands.</summary>
internal static class OutputFormatOption
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> Create()
    {
        var option = new Option<string>("--format")
        {
            Description = "table for people, json (one object per line) for scripts.",
            DefaultValueFactory = _ => Table,
        };
        option.AcceptOnlyFromAmong(Table, Json);
        return option;
    }
}

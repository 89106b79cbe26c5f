using System.CommandLine;
using Iota.Pipeline.Lake;

namespace Iota.Cli.Commands;

/// <summary><c>iota lake ddl [--bucket B] [--prefix P] [--first-year Y]</c></summary>
internal static class LakeCommand
{
    public static Command Create()
    {
        var bucket = new Option<string>("--bucket") { Description = "The lake's S3 bucket.", DefaultValueFactory = _ => "YOUR-LAKE-BUCKET" };
        var prefix = new Option<string>("--prefix") { Description = "The lake's key prefix in the bucket (the part before logs/).", DefaultValueFactory = _ => "" };
        var firstYear = new Option<int>("--first-year") { Description = "The earliest year Athena's partition projection considers.", DefaultValueFactory = _ => DateTime.UtcNow.Year - 2 };
        var ddl = new Command("ddl", "Print Athena CREATE EXTERNAL TABLE statements (partition projection on year/month/day/hour) for each log type.")
        {
            bucket, prefix, firstYear,
        };
        ddl.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            int first = parse.GetValue(firstYear);
            output.WriteLine("-- Run each statement in the Athena query editor (or `aws athena start-query-execution`), in the database of your choice.");
            foreach (string statement in AthenaDdl.CreateTables(parse.GetValue(bucket)!, parse.GetValue(prefix)!, first, Math.Max(first, DateTime.UtcNow.Year) + 10))
            {
                output.WriteLine();
                output.Write(statement);
            }

            return 0;
        });
        return new Command("lake", "Work with the lake that iota run --lake writes.") { ddl };
    }
}

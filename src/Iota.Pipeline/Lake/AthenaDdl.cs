using System.Globalization;
using System.Text;

namespace Iota.Pipeline.Lake;

/// <summary>
/// <c>CREATE EXTERNAL TABLE</c> statements that let Athena read a lake in S3: the OpenX JSON SerDe over the gzip
/// NDJSON files, the columns of <see cref="LakeTables"/>, and partition projection on year/month/day/hour so
/// Athena computes partition locations from the query's filters instead of calling the Glue catalog per partition.
/// </summary>
public static class AthenaDdl
{
    /// <summary>One statement per table, for the lake at <c>s3://{bucket}/{prefix}</c>, projecting years <paramref name="firstYear"/> to <paramref name="lastYear"/>.</summary>
    public static IReadOnlyList<string> CreateTables(string bucket, string prefix, int firstYear, int lastYear) =>
        [.. LakeTables.All.Select(t => CreateTable(t.Table, t.Columns, bucket, prefix, firstYear, lastYear))];

    private static string CreateTable(string table, IReadOnlyList<LakeColumn> columns, string bucket, string prefix, int firstYear, int lastYear)
    {
        string trimmed = prefix.Trim('/');
        string location = $"s3://{bucket}/{(trimmed.Length == 0 ? "" : trimmed + "/")}{LakePartition.TablePrefix(table)}";
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"CREATE EXTERNAL TABLE IF NOT EXISTS {table} (\n");
        sql.AppendJoin(",\n", columns.Select(c => $"  `{c.Name.ToLowerInvariant()}` {c.Type.Athena}"));
        sql.Append("\n)\n");
        sql.Append("PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)\n");
        sql.Append("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n");
        sql.Append("WITH SERDEPROPERTIES ('case.insensitive' = 'true')\n");
        sql.Append("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n");
        sql.Append("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n");
        sql.Append(CultureInfo.InvariantCulture, $"LOCATION '{location}'\n");
        sql.Append("TBLPROPERTIES (\n");
        sql.Append("  'projection.enabled' = 'true',\n");
        sql.Append(CultureInfo.InvariantCulture, $"  'projection.year.type' = 'integer', 'projection.year.range' = '{firstYear},{lastYear}', 'projection.year.digits' = '4',\n");
        sql.Append("  'projection.month.type' = 'integer', 'projection.month.range' = '1,12', 'projection.month.digits' = '2',\n");
        sql.Append("  'projection.day.type' = 'integer', 'projection.day.range' = '1,31', 'projection.day.digits' = '2',\n");
        sql.Append("  'projection.hour.type' = 'integer', 'projection.hour.range' = '0,23', 'projection.hour.digits' = '2',\n");
        sql.Append(CultureInfo.InvariantCulture, $"  'storage.location.template' = '{location}year=${{year}}/month=${{month}}/day=${{day}}/hour=${{hour}}/'\n");
        sql.Append(");\n");
        return sql.ToString();
    }
}

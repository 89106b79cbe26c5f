using System.Globalization;
using System.Text;
using Iota.Pipeline.DuckDb;

namespace Iota.Pipeline.Lake;

/// <summary>
/// SQL over the lake with embedded DuckDB: each table (<see cref="LakeTables"/>) is a view over only the lake files
/// of the hours in the time range (partition pruning from the folder layout), restricted to rows whose
/// <c>p_event_time</c> is in the range. Columns are the same as the Athena tables <see cref="AthenaDdl"/> creates,
/// and <c>json_extract_scalar</c> is defined, so a query written for one runs on the other.
/// </summary>
public sealed class LakeQuery : IDisposable
{
    private readonly ILakeStore _store;
    private readonly DateTimeOffset? _start;
    private readonly DateTimeOffset? _end;
    private readonly DuckDBConnection _connection = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _files = new(StringComparer.Ordinal);

    /// <summary>Prepares a query over <paramref name="store"/> between <paramref name="start"/> and <paramref name="end"/> (null: unbounded).</summary>
    public LakeQuery(ILakeStore store, DateTimeOffset? start, DateTimeOffset? end)
    {
        _store = store;
        _start = start;
        _end = end;
    }

    /// <summary>The connection the views live on (for progress and interruption).</summary>
    public DuckDBConnection Connection => _connection;

    /// <summary>Columns of the last <see cref="Execute"/> result whose text is JSON (nested values, and JSON columns).</summary>
    public IReadOnlySet<string> JsonColumns { get; private set; } = new HashSet<string>();

    /// <summary>The lake keys each table's view reads.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Files => _files;

    /// <summary>The lake files of <paramref name="table"/> that can hold events in the range, found by listing only its partitions.</summary>
    public static IReadOnlyList<string> SelectFiles(ILakeStore store, string table, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is null && end is null)
        {
            return [.. store.List(LakePartition.TablePrefix(table)).Where(LakePartition.IsDataFile)];
        }

        DateTimeOffset from = start ?? DateTimeOffset.UnixEpoch;
        DateTimeOffset to = end ?? DateTimeOffset.UtcNow.AddHours(1);
        if (start is null)
        {
            // No lower bound: list the table once rather than every hour since 1970.
            return [.. store.List(LakePartition.TablePrefix(table)).Where(k => LakePartition.IsDataFile(k) && HourOfKey(k) is { } hour && hour < to)];
        }

        // One listing per day; hours outside the range are dropped by their folder name.
        var hours = new HashSet<string>(LakePartition.Prefixes(table, from, to), StringComparer.Ordinal);
        var days = hours.Select(h => h[..h.LastIndexOf("hour=", StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal);
        return [.. days.SelectMany(store.List).Where(k => LakePartition.IsDataFile(k) && hours.Contains(k[..(k.LastIndexOf('/') + 1)])).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Finds (and for a remote lake fetches) each table's files and creates its view. <paramref name="fetched"/>
    /// hears (done, total) as files are fetched.
    /// </summary>
    public void Open(Action<int, int>? fetched = null)
    {
        _connection.Open();
        var local = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (_, table, _) in LakeTables.All)
        {
            _files[table] = SelectFiles(_store, table, _start, _end);
        }

        int total = _files.Values.Sum(f => f.Count);
        int done = 0;
        foreach (var (table, keys) in _files)
        {
            var paths = new List<string>(keys.Count);
            foreach (string key in keys)
            {
                paths.Add(_store.Fetch(key));
                fetched?.Invoke(++done, total);
            }

            local[table] = paths;
        }

        var sql = new StringBuilder("SET enable_progress_bar = true; SET enable_progress_bar_print = false; ");
        sql.Append("CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p); ");
        foreach (var (_, table, columns) in LakeTables.All)
        {
            sql.Append(ViewSql(table, columns, local[table])).Append("; ");
        }

        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = sql.ToString();
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="sql"/>. Nested values in the result (structs, lists, maps) come back as JSON text, since
    /// a reader yields scalars only.
    /// </summary>
    public DuckDBDataReader Execute(string sql)
    {
        string statement = sql.Trim().TrimEnd(';').Trim();
        var (nested, json) = DescribeColumns(statement);
        JsonColumns = new HashSet<string>(nested.Concat(json), StringComparer.Ordinal);
        if (nested.Count > 0)
        {
            string replace = string.Join(", ", nested.Select(c => $"to_json({Quote(c)}) AS {Quote(c)}"));
            statement = $"SELECT * REPLACE ({replace}) FROM ({statement}) AS result";
        }

        using DuckDBCommand command = _connection.CreateCommand();
        command.CommandText = statement;
        return command.ExecuteReader();
    }

    /// <summary>Closes DuckDB.</summary>
    public void Dispose() => _connection.Dispose();

    private (List<string> Nested, List<string> Json) DescribeColumns(string statement)
    {
        using DuckDBCommand describe = _connection.CreateCommand();
        describe.CommandText = "DESCRIBE " + statement;
        var nested = new List<string>();
        var json = new List<string>();
        try
        {
            using DuckDBDataReader reader = describe.ExecuteReader();
            while (reader.Read())
            {
                string type = reader.GetString(1);
                if (type.StartsWith("STRUCT", StringComparison.Ordinal) || type.StartsWith("MAP", StringComparison.Ordinal)
                    || type.StartsWith("UNION", StringComparison.Ordinal) || type.EndsWith(']'))
                {
                    nested.Add(reader.GetString(0));
                }
                else if (type == "JSON")
                {
                    json.Add(reader.GetString(0));
                }
            }
        }
        catch (DuckDBException)
        {
            // Not a query DESCRIBE takes (SHOW, PRAGMA, SET...): it runs as written, and its own errors surface then.
        }

        return (nested, json);
    }

    private string ViewSql(string table, IReadOnlyList<LakeColumn> columns, List<string> paths)
    {
        var sql = new StringBuilder($"CREATE OR REPLACE VIEW {table} AS ");
        if (paths.Count == 0)
        {
            sql.Append("SELECT ");
            sql.AppendJoin(", ", columns.Select(c => $"CAST(NULL AS {c.Type.DuckDb}) AS {Quote(c.Name)}"));
            sql.Append(", CAST(NULL AS INTEGER) AS year, CAST(NULL AS INTEGER) AS month, CAST(NULL AS INTEGER) AS day, CAST(NULL AS INTEGER) AS hour WHERE false");
            return sql.ToString();
        }

        sql.Append("SELECT * FROM read_json([");
        sql.AppendJoin(", ", paths.Select(Literal));
        sql.Append("], format = 'newline_delimited', hive_partitioning = true, hive_types = {'year': INTEGER, 'month': INTEGER, 'day': INTEGER, 'hour': INTEGER}, columns = {");
        sql.AppendJoin(", ", columns.Select(c => $"{Literal(c.Name)}: {Literal(c.Type.DuckDb)}"));
        sql.Append("})");
        var conditions = new List<string>();
        if (_start is { } start)
        {
            conditions.Add($"p_event_time >= TIMESTAMP {Literal(Timestamp(start))}");
        }

        if (_end is { } end)
        {
            conditions.Add($"p_event_time < TIMESTAMP {Literal(Timestamp(end))}");
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        return sql.ToString();
    }

    private static DateTimeOffset? HourOfKey(string key)
    {
        int year = key.IndexOf("/year=", StringComparison.Ordinal);
        return year >= 0 && key.Length >= year + 1 + "year=YYYY/month=MM/day=DD/hour=HH".Length && DateTime.TryParseExact(
            key.Substring(year + 1, "year=YYYY/month=MM/day=DD/hour=HH".Length),
            "'year='yyyy'/month='MM'/day='dd'/hour='HH",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out DateTime hour)
            ? new DateTimeOffset(hour, TimeSpan.Zero)
            : null;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using System.IO.Compression;
using System.Text;
using Iota.Pipeline.DuckDb;

namespace Iota.Pipeline.Tests.DuckDb;

public sealed class DuckDBConnectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("iota-duckdb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadsTheNativeLibraryCopiedBesideTheAssembly()
    {
        Assert.StartsWith("v1.", DuckDBConnection.LibraryVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsTypedValuesNamesAndNulls()
    {
        using var connection = new DuckDBConnection();
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "select 42::bigint as n, 1.5::double as d, true as b, 'héllo' as s, null::varchar as z, 12.30::decimal(5,2) as m, {'a': 1} as st, to_json({'a': 1}) as js";
        using DuckDBDataReader reader = command.ExecuteReader();
        Assert.Equal(8, reader.FieldCount);
        Assert.Equal(["n", "d", "b", "s", "z", "m", "st", "js"], Enumerable.Range(0, 8).Select(reader.GetName));
        Assert.True(reader.Read());
        Assert.Equal(42L, reader.GetValue(0));
        Assert.Equal(1.5, reader.GetValue(1));
        Assert.Equal(true, reader.GetValue(2));
        Assert.Equal("héllo", reader.GetValue(3));
        Assert.True(reader.IsDBNull(4));
        Assert.Equal(DBNull.Value, reader.GetValue(4));
        Assert.Equal(12.30m, reader.GetValue(5));
        Assert.Equal(DuckDBType.Struct, reader.GetDuckDBType(6));
        Assert.Throws<NotSupportedException>(() => reader.GetString(6));
        Assert.Equal("{\"a\":1}", reader.GetString(7));
        Assert.False(reader.Read());
    }

    [Fact]
    public void ReadsGzipNdjsonWithTheBuiltInJsonReader()
    {
        string path = Path.Combine(_folder, "events.json.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"eventName\":\"A\",\"n\":1}\n{\"eventName\":\"B\",\"n\":2}\n{\"eventName\":\"A\",\"n\":3}\n"));
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"select eventName, sum(n) from read_json_auto('{path}', format='newline_delimited') group by 1 order by 1";
        using DuckDBDataReader reader = command.ExecuteReader();
        var rows = new List<(string, object)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetValue(1)));
        }

        Assert.Equal([("A", (object)4m), ("B", 2m)], rows);
    }

    [Fact]
    public void ReportsSqlErrorsWithDuckDbsMessage()
    {
        using var connection = new DuckDBConnection();
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "select * from no_such_table";
        var error = Assert.Throws<DuckDBException>(() => command.ExecuteReader());
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PersistsToADatabaseFileAndCountsChangedRows()
    {
        string path = Path.Combine(_folder, "test.duckdb");
        using (var connection = new DuckDBConnection($"Data Source={path}"))
        {
            connection.Open();
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = "create table t (x integer)";
            command.ExecuteNonQuery();
            command.CommandText = "insert into t values (1), (2), (3)";
            Assert.Equal(3, command.ExecuteNonQuery());
        }

        using var reopened = new DuckDBConnection($"Data Source={path}");
        reopened.Open();
        using DuckDBCommand count = reopened.CreateCommand();
        count.CommandText = "select count(*) from t";
        Assert.Equal(3L, count.ExecuteScalar());
    }

    [Fact]
    public void RefusesADatabaseThatCannotBeOpened()
    {
        using var connection = new DuckDBConnection($"Data Source={Path.Combine(_folder, "missing", "dir", "x.duckdb")}");
        var error = Assert.Throws<DuckDBException>(connection.Open);
        Assert.Contains("x.duckdb", error.Message, StringComparison.Ordinal);
    }
}

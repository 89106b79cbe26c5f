using Microsoft.Data.Sqlite;

namespace Iota.Pipeline.Tests.Support;

/// <summary>Reads a state database through its own connection, the way an operator with sqlite3 would.</summary>
public static class StateQueries
{
    public static long Scalar(string stateDirectory, string sql)
    {
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static List<string> Strings(string stateDirectory, string sql)
    {
        using var connection = Open(stateDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static SqliteConnection Open(string stateDirectory)
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(stateDirectory, "state.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}

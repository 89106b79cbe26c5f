using Iota.Pipeline.DuckDb.Internal;

namespace Iota.Pipeline.DuckDb;

/// <summary>One SQL text run on a <see cref="DuckDBConnection"/>, shaped like DuckDB.NET's <c>DuckDBCommand</c>.</summary>
public sealed unsafe class DuckDBCommand : IDisposable
{
    internal DuckDBCommand(DuckDBConnection connection)
    {
        Connection = connection;
    }

    /// <summary>The connection the command runs on.</summary>
    public DuckDBConnection Connection { get; }

    /// <summary>The SQL; several statements separated by semicolons run in order and the last one's result is returned.</summary>
    public string CommandText { get; set; } = "";

    /// <summary>Runs the statement and returns the number of rows it changed.</summary>
    public int ExecuteNonQuery()
    {
        using DuckDBDataReader reader = ExecuteReader();
        return reader.RecordsAffected;
    }

    /// <summary>Runs the statement and returns the first column of the first row, or null when there is none.</summary>
    public object? ExecuteScalar()
    {
        using DuckDBDataReader reader = ExecuteReader();
        return reader.Read() && reader.FieldCount > 0 && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
    }

    /// <summary>Runs the statement; the whole result is materialised before this returns.</summary>
    public DuckDBDataReader ExecuteReader()
    {
        IntPtr connection = Connection.Handle;
        byte[] sql = NativeMethods.Utf8z(CommandText);
        var result = (DuckDbResult*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResult));
        DuckDbState state;
        fixed (byte* text = sql)
        {
            state = NativeMethods.Query(connection, text, result);
        }

        if (state != DuckDbState.Success)
        {
            string message = NativeMethods.ReadString(NativeMethods.ResultError(result)) ?? "unknown error";
            NativeMethods.DestroyResult(result);
            System.Runtime.InteropServices.NativeMemory.Free(result);
            throw new DuckDBException(message);
        }

        return new DuckDBDataReader(result);
    }

    /// <summary>Nothing to release: results belong to their readers.</summary>
    public void Dispose()
    {
    }
}

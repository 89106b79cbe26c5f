using Iota.Pipeline.DuckDb.Internal;

namespace Iota.Pipeline.DuckDb;

/// <summary>
/// A connection to an embedded DuckDB database over its C API, shaped like DuckDB.NET's <c>DuckDBConnection</c>
/// so that swapping the real package in is a using change. <c>Data Source=:memory:</c> (the default) opens a
/// private in-memory database; any other data source is a database file.
/// </summary>
public sealed unsafe class DuckDBConnection : IDisposable
{
    private IntPtr _database;
    private IntPtr _connection;
    private bool _disposed;

    /// <summary>Creates a connection; call <see cref="Open"/> before use.</summary>
    public DuckDBConnection(string connectionString = "Data Source=:memory:")
    {
        ConnectionString = connectionString;
    }

    /// <summary><c>Data Source=PATH</c> or <c>Data Source=:memory:</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Whether <see cref="Open"/> has succeeded and the connection is not closed.</summary>
    public bool IsOpen => _connection != IntPtr.Zero;

    /// <summary>The native library's version, e.g. <c>v1.4.4</c>. Throws <see cref="DuckDBException"/> when it cannot be loaded.</summary>
    public static string LibraryVersion
    {
        get
        {
            try
            {
                return NativeMethods.ReadString(NativeMethods.LibraryVersion()) ?? "";
            }
            catch (DllNotFoundException ex)
            {
                throw MissingLibrary(ex);
            }
        }
    }

    /// <summary>Opens the database and a connection to it.</summary>
    public void Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsOpen)
        {
            return;
        }

        string source = DataSource(ConnectionString);
        byte[]? path = source is ":memory:" or "" ? null : NativeMethods.Utf8z(source);
        DuckDbState state;
        byte* error;
        try
        {
            fixed (byte* p = path)
            {
                state = NativeMethods.OpenExt(p, out _database, IntPtr.Zero, out error);
            }
        }
        catch (DllNotFoundException ex)
        {
            throw MissingLibrary(ex);
        }

        if (state != DuckDbState.Success)
        {
            string message = NativeMethods.ReadString(error) ?? "unknown error";
            NativeMethods.Free(error);
            NativeMethods.Close(ref _database);
            throw new DuckDBException($"cannot open DuckDB database {source}: {message}");
        }

        if (NativeMethods.Connect(_database, out _connection) != DuckDbState.Success)
        {
            NativeMethods.Close(ref _database);
            throw new DuckDBException($"cannot connect to DuckDB database {source}");
        }
    }

    /// <summary>Creates a command on this connection.</summary>
    public DuckDBCommand CreateCommand() => new(this);

    /// <summary>Progress of the statement running on this connection (safe to call from another thread).</summary>
    public DuckDBQueryProgress GetQueryProgress()
    {
        IntPtr connection = Handle;
        QueryProgress progress = NativeMethods.QueryProgress(connection);
        return new DuckDBQueryProgress(progress.Percentage, progress.RowsProcessed, progress.TotalRowsToProcess);
    }

    /// <summary>Asks the statement running on this connection to stop; it then fails with an "Interrupted" error.</summary>
    public void Interrupt()
    {
        if (IsOpen)
        {
            NativeMethods.Interrupt(_connection);
        }
    }

    /// <summary>Closes the connection and the database.</summary>
    public void Close()
    {
        if (_connection != IntPtr.Zero)
        {
            NativeMethods.Disconnect(ref _connection);
        }

        if (_database != IntPtr.Zero)
        {
            NativeMethods.Close(ref _database);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Close();
        _disposed = true;
    }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return IsOpen ? _connection : throw new InvalidOperationException("the DuckDB connection is not open; call Open() first");
        }
    }

    private static string DataSource(string connectionString)
    {
        foreach (string part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim().Replace(" ", "", StringComparison.Ordinal).Equals("DataSource", StringComparison.OrdinalIgnoreCase))
            {
                return part[(equals + 1)..].Trim();
            }
        }

        throw new ArgumentException($"connection string '{connectionString}' has no Data Source (use Data Source=:memory: or Data Source=PATH)", nameof(connectionString));
    }

    private static DuckDBException MissingLibrary(DllNotFoundException ex) => new(
        $"the native DuckDB library is missing (looked for {NativeMethods.ExpectedPath}); " +
        "install it with `npm ci --prefix tools/duckdb --no-audit --no-fund` and rebuild, or put libduckdb.so on LD_LIBRARY_PATH",
        ex);
}

namespace Iota.Pipeline.DuckDb;

/// <summary>DuckDB refused a statement or could not be opened; the message is DuckDB's own (with line and column for SQL errors).</summary>
public sealed class DuckDBException : Exception
{
    /// <summary>Creates an exception.</summary>
    public DuckDBException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with its cause.</summary>
    public DuckDBException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception.</summary>
    public DuckDBException()
    {
    }
}

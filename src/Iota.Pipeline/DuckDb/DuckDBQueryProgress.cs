namespace Iota.Pipeline.DuckDb;

/// <summary>How far the statement running on a connection has got.</summary>
/// <param name="Percentage">0–100, or -1 when DuckDB cannot estimate it (no statement running, or no estimate yet).</param>
/// <param name="RowsProcessed">Rows read so far.</param>
/// <param name="TotalRowsToProcess">Rows DuckDB expects to read in all.</param>
public readonly record struct DuckDBQueryProgress(double Percentage, ulong RowsProcessed, ulong TotalRowsToProcess);

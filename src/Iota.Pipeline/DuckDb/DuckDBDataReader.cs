using System.Globalization;
using Iota.Pipeline.DuckDb.Internal;

namespace Iota.Pipeline.DuckDb;

/// <summary>
/// Forward-only rows of a materialised DuckDB result, shaped like an ADO.NET data reader. Integers come back as
/// <see cref="long"/> (or <see cref="ulong"/>), floating point as <see cref="double"/>, booleans as <see cref="bool"/>,
/// and every other scalar type (timestamps, decimals, UUIDs) as DuckDB's own text for it. Nested values (structs,
/// lists, maps) cannot be read through the row-value C API this client uses: select them with <c>to_json(x)</c>
/// or <c>x::VARCHAR</c> instead.
/// </summary>
public sealed unsafe class DuckDBDataReader : IDisposable
{
    private DuckDbResult* _result;
    private readonly ulong _rows;
    private long _row = -1;

    internal DuckDBDataReader(DuckDbResult* result)
    {
        _result = result;
        _rows = NativeMethods.RowCount(result);
        FieldCount = (int)NativeMethods.ColumnCount(result);
        RecordsAffected = (int)NativeMethods.RowsChanged(result);
    }

    /// <summary>Number of columns.</summary>
    public int FieldCount { get; }

    /// <summary>Rows changed by an INSERT, UPDATE or DELETE.</summary>
    public int RecordsAffected { get; }

    /// <summary>Number of rows in the result.</summary>
    public long RowCount => (long)_rows;

    /// <summary>Moves to the next row; false after the last.</summary>
    public bool Read()
    {
        if ((ulong)(_row + 1) >= _rows)
        {
            _row = (long)_rows;
            return false;
        }

        _row++;
        return true;
    }

    /// <summary>The name of column <paramref name="ordinal"/>.</summary>
    public string GetName(int ordinal) => NativeMethods.ReadString(NativeMethods.ColumnName(Result, Column(ordinal))) ?? "";

    /// <summary>The DuckDB type of column <paramref name="ordinal"/>.</summary>
    public DuckDBType GetDuckDBType(int ordinal) => NativeMethods.ColumnType(Result, Column(ordinal));

    /// <summary>The .NET type <see cref="GetValue"/> returns for column <paramref name="ordinal"/>.</summary>
    public Type GetFieldType(int ordinal) => GetDuckDBType(ordinal) switch
    {
        DuckDBType.Boolean => typeof(bool),
        DuckDBType.TinyInt or DuckDBType.SmallInt or DuckDBType.Integer or DuckDBType.BigInt
            or DuckDBType.UnsignedTinyInt or DuckDBType.UnsignedSmallInt or DuckDBType.UnsignedInteger => typeof(long),
        DuckDBType.UnsignedBigInt => typeof(ulong),
        DuckDBType.Float or DuckDBType.Double => typeof(double),
        DuckDBType.Decimal or DuckDBType.HugeInt or DuckDBType.UnsignedHugeInt => typeof(decimal),
        _ => typeof(string),
    };

    /// <summary>Whether the current row's value in column <paramref name="ordinal"/> is NULL.</summary>
    public bool IsDBNull(int ordinal) => NativeMethods.ValueIsNull(Result, Column(ordinal), Row) != 0;

    /// <summary>The value as text, as DuckDB casts it to VARCHAR.</summary>
    public string GetString(int ordinal)
    {
        if (IsNested(GetDuckDBType(ordinal)))
        {
            throw new NotSupportedException($"column {GetName(ordinal)} is a {GetDuckDBType(ordinal)}; select it as to_json({GetName(ordinal)}) or {GetName(ordinal)}::VARCHAR");
        }

        byte* text = NativeMethods.ValueVarchar(Result, Column(ordinal), Row);
        try
        {
            return NativeMethods.ReadString(text) ?? "";
        }
        finally
        {
            NativeMethods.Free(text);
        }
    }

    /// <summary>The value as a 64-bit integer.</summary>
    public long GetInt64(int ordinal) => NativeMethods.ValueInt64(Result, Column(ordinal), Row);

    /// <summary>The value as a double.</summary>
    public double GetDouble(int ordinal) => NativeMethods.ValueDouble(Result, Column(ordinal), Row);

    /// <summary>The value as a boolean.</summary>
    public bool GetBoolean(int ordinal) => NativeMethods.ValueBoolean(Result, Column(ordinal), Row) != 0;

    /// <summary>The value typed as <see cref="GetFieldType"/> says, or <see cref="DBNull.Value"/>.</summary>
    public object GetValue(int ordinal)
    {
        if (IsDBNull(ordinal))
        {
            return DBNull.Value;
        }

        Type type = GetFieldType(ordinal);
        if (type == typeof(bool))
        {
            return GetBoolean(ordinal);
        }

        if (type == typeof(long))
        {
            return GetInt64(ordinal);
        }

        if (type == typeof(ulong))
        {
            return NativeMethods.ValueUInt64(Result, Column(ordinal), Row);
        }

        if (type == typeof(double))
        {
            return GetDouble(ordinal);
        }

        return type == typeof(decimal)
            ? decimal.Parse(GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture)
            : GetString(ordinal);
    }

    /// <summary>Whether values of <paramref name="type"/> must be converted in SQL before they can be read.</summary>
    public static bool IsNested(DuckDBType type) =>
        type is DuckDBType.Struct or DuckDBType.List or DuckDBType.Map or DuckDBType.Union or DuckDBType.Array;

    /// <summary>Frees the native result.</summary>
    public void Dispose()
    {
        if (_result is not null)
        {
            NativeMethods.DestroyResult(_result);
            System.Runtime.InteropServices.NativeMemory.Free(_result);
            _result = null;
        }
    }

    private DuckDbResult* Result => _result is not null ? _result : throw new ObjectDisposedException(nameof(DuckDBDataReader));

    private ulong Row => _row >= 0 && (ulong)_row < _rows ? (ulong)_row : throw new InvalidOperationException("no current row; call Read() first");

    private ulong Column(int ordinal) => ordinal >= 0 && ordinal < FieldCount ? (ulong)ordinal : throw new ArgumentOutOfRangeException(nameof(ordinal));
}

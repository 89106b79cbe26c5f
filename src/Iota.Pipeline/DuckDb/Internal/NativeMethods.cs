using System.Reflection;
using System.Runtime.InteropServices;

namespace Iota.Pipeline.DuckDb.Internal;

/// <summary>
/// The slice of DuckDB's C API (duckdb.h, 1.4) that the ADO.NET-shaped client needs. Every signature is blittable
/// so no marshalling stubs run per call; strings cross as NUL-terminated UTF-8.
/// </summary>
internal static unsafe class NativeMethods
{
    public const string LibraryName = "duckdb";

    static NativeMethods()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
    }

    /// <summary>Where the build puts the native library: beside this assembly.</summary>
    public static string ExpectedPath => Path.Combine(AppContext.BaseDirectory, "libduckdb.so");

    [DllImport(LibraryName, EntryPoint = "duckdb_library_version")]
    public static extern byte* LibraryVersion();

    [DllImport(LibraryName, EntryPoint = "duckdb_open_ext")]
    public static extern DuckDbState OpenExt(byte* path, out IntPtr database, IntPtr config, out byte* error);

    [DllImport(LibraryName, EntryPoint = "duckdb_close")]
    public static extern void Close(ref IntPtr database);

    [DllImport(LibraryName, EntryPoint = "duckdb_connect")]
    public static extern DuckDbState Connect(IntPtr database, out IntPtr connection);

    [DllImport(LibraryName, EntryPoint = "duckdb_disconnect")]
    public static extern void Disconnect(ref IntPtr connection);

    [DllImport(LibraryName, EntryPoint = "duckdb_interrupt")]
    public static extern void Interrupt(IntPtr connection);

    [DllImport(LibraryName, EntryPoint = "duckdb_query_progress")]
    public static extern QueryProgress QueryProgress(IntPtr connection);

    [DllImport(LibraryName, EntryPoint = "duckdb_query")]
    public static extern DuckDbState Query(IntPtr connection, byte* query, DuckDbResult* result);

    [DllImport(LibraryName, EntryPoint = "duckdb_destroy_result")]
    public static extern void DestroyResult(DuckDbResult* result);

    [DllImport(LibraryName, EntryPoint = "duckdb_result_error")]
    public static extern byte* ResultError(DuckDbResult* result);

    [DllImport(LibraryName, EntryPoint = "duckdb_column_count")]
    public static extern ulong ColumnCount(DuckDbResult* result);

    [DllImport(LibraryName, EntryPoint = "duckdb_row_count")]
    public static extern ulong RowCount(DuckDbResult* result);

    [DllImport(LibraryName, EntryPoint = "duckdb_rows_changed")]
    public static extern ulong RowsChanged(DuckDbResult* result);

    [DllImport(LibraryName, EntryPoint = "duckdb_column_name")]
    public static extern byte* ColumnName(DuckDbResult* result, ulong column);

    [DllImport(LibraryName, EntryPoint = "duckdb_column_type")]
    public static extern DuckDBType ColumnType(DuckDbResult* result, ulong column);

    [DllImport(LibraryName, EntryPoint = "duckdb_value_is_null")]
    public static extern byte ValueIsNull(DuckDbResult* result, ulong column, ulong row);

    [DllImport(LibraryName, EntryPoint = "duckdb_value_boolean")]
    public static extern byte ValueBoolean(DuckDbResult* result, ulong column, ulong row);

    [DllImport(LibraryName, EntryPoint = "duckdb_value_int64")]
    public static extern long ValueInt64(DuckDbResult* result, ulong column, ulong row);

    [DllImport(LibraryName, EntryPoint = "duckdb_value_uint64")]
    public static extern ulong ValueUInt64(DuckDbResult* result, ulong column, ulong row);

    [DllImport(LibraryName, EntryPoint = "duckdb_value_double")]
    public static extern double ValueDouble(DuckDbResult* result, ulong column, ulong row);

    [DllImport(LibraryName, EntryPoint = "duckdb_value_varchar")]
    public static extern byte* ValueVarchar(DuckDbResult* result, ulong column, ulong row);

    [DllImport(LibraryName, EntryPoint = "duckdb_free")]
    public static extern void Free(void* pointer);

    /// <summary>Reads a NUL-terminated UTF-8 string owned by DuckDB (not freed here).</summary>
    public static string? ReadString(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((IntPtr)text);

    /// <summary>Encodes <paramref name="text"/> as NUL-terminated UTF-8.</summary>
    public static byte[] Utf8z(string text)
    {
        byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        // Beside the assembly first (where the build copies it), then the usual search (LD_LIBRARY_PATH, system dirs).
        if (NativeLibrary.TryLoad(ExpectedPath, out IntPtr handle))
        {
            return handle;
        }

        return NativeLibrary.TryLoad("libduckdb.so", assembly, searchPath, out handle) ? handle : IntPtr.Zero;
    }
}

/// <summary><c>duckdb_state</c>.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}

/// <summary><c>duckdb_result</c>: the fields are deprecated and only its size and layout matter here.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResult
{
    public ulong ColumnCount;
    public ulong RowCount;
    public ulong RowsChanged;
    public IntPtr Columns;
    public IntPtr ErrorMessage;
    public IntPtr InternalData;
}

/// <summary><c>duckdb_query_progress_type</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct QueryProgress
{
    public double Percentage;
    public ulong RowsProcessed;
    public ulong TotalRowsToProcess;
}

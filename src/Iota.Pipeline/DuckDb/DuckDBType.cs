namespace Iota.Pipeline.DuckDb;

/// <summary>A column's logical type, as DuckDB's C API numbers it (<c>DUCKDB_TYPE</c>).</summary>
public enum DuckDBType
{
    /// <summary>Unknown or not representable.</summary>
    Invalid = 0,
#pragma warning disable CS1591 // The names are DuckDB's own type names.
    Boolean = 1,
    TinyInt = 2,
    SmallInt = 3,
    Integer = 4,
    BigInt = 5,
    UnsignedTinyInt = 6,
    UnsignedSmallInt = 7,
    UnsignedInteger = 8,
    UnsignedBigInt = 9,
    Float = 10,
    Double = 11,
    Timestamp = 12,
    Date = 13,
    Time = 14,
    Interval = 15,
    HugeInt = 16,
    Varchar = 17,
    Blob = 18,
    Decimal = 19,
    TimestampS = 20,
    TimestampMs = 21,
    TimestampNs = 22,
    Enum = 23,
    List = 24,
    Struct = 25,
    Map = 26,
    Uuid = 27,
    Union = 28,
    Bit = 29,
    TimeTz = 30,
    TimestampTz = 31,
    UnsignedHugeInt = 32,
    Array = 33,
#pragma warning restore CS1591
}

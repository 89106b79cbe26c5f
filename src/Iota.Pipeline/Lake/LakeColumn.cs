namespace Iota.Pipeline.Lake;

/// <summary>A column of a lake table, with one type rendered for both engines that read the lake.</summary>
/// <param name="Name">The JSON field name, spelled as the log spells it.</param>
/// <param name="Type">Its type.</param>
public sealed record LakeColumn(string Name, LakeType Type);

/// <summary>
/// A column type as both Athena (Hive DDL, OpenX JSON SerDe) and DuckDB (read_json <c>columns</c>) spell it. Free-form
/// objects are <see cref="Json"/>: a string in Athena and DuckDB's JSON type, read with <c>json_extract_scalar</c>
/// in both (iota query defines it for DuckDB).
/// </summary>
public abstract record LakeType
{
    /// <summary>Text.</summary>
    public static readonly LakeType String = new Scalar("string", "VARCHAR");

    /// <summary>true/false.</summary>
    public static readonly LakeType Boolean = new Scalar("boolean", "BOOLEAN");

    /// <summary>A UTC time written as <c>yyyy-MM-dd HH:mm:ss.fff</c>.</summary>
    public static readonly LakeType Timestamp = new Scalar("timestamp", "TIMESTAMP");

    /// <summary>Any JSON value kept as its JSON text.</summary>
    public static readonly LakeType Json = new Scalar("string", "JSON");

    /// <summary>The Athena (Hive) spelling.</summary>
    public abstract string Athena { get; }

    /// <summary>The DuckDB spelling.</summary>
    public abstract string DuckDb { get; }

    /// <summary>A struct of <paramref name="fields"/>.</summary>
    public static LakeType Struct(params LakeColumn[] fields) => new StructType(fields);

    /// <summary>An array of <paramref name="element"/>.</summary>
    public static LakeType Array(LakeType element) => new ArrayType(element);

    /// <summary>A string-to-string map.</summary>
    public static LakeType StringMap { get; } = new Scalar("map<string,string>", "MAP(VARCHAR, VARCHAR)");

    private sealed record Scalar(string AthenaName, string DuckDbName) : LakeType
    {
        public override string Athena => AthenaName;

        public override string DuckDb => DuckDbName;
    }

    private sealed record StructType(IReadOnlyList<LakeColumn> Fields) : LakeType
    {
        public override string Athena => $"struct<{string.Join(",", Fields.Select(f => $"{f.Name.ToLowerInvariant()}:{f.Type.Athena}"))}>";

        public override string DuckDb => $"STRUCT({string.Join(", ", Fields.Select(f => $"\"{f.Name}\" {f.Type.DuckDb}"))})";
    }

    private sealed record ArrayType(LakeType Element) : LakeType
    {
        public override string Athena => $"array<{Element.Athena}>";

        public override string DuckDb => $"{Element.DuckDb}[]";
    }
}

namespace Iota.Sdk;

/// <summary>The JSON kind of a <see cref="JsonField"/>. Missing fields have kind <see cref="Missing"/>.</summary>
public enum JsonFieldKind : byte
{
    /// <summary>The path did not lead to a value.</summary>
    Missing = 0,

    /// <summary>A JSON object.</summary>
    Object,

    /// <summary>A JSON array.</summary>
    Array,

    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>JSON <c>true</c>.</summary>
    True,

    /// <summary>JSON <c>false</c>.</summary>
    False,

    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>An object property name (internal to the index; never returned to rules as a value).</summary>
    PropertyName,
}

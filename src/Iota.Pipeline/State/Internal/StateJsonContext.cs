using System.Text.Json.Serialization;

namespace Iota.Pipeline.State.Internal;

/// <summary>Source-generated JSON for the small lists the state tables keep as JSON text (rule tags).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

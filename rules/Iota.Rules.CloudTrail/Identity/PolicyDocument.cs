using System.Text.Json;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>
/// Reads IAM policy documents, which CloudTrail carries as JSON text inside a string field. Parsing allocates,
/// so callers run it only after cheap substring checks have passed. Malformed text reads as an empty policy.
/// </summary>
internal static class PolicyDocument
{
    /// <summary>The statements whose Effect is Allow; a single statement object counts as a list of one.</summary>
    public static List<JsonElement> AllowStatements(string? text)
    {
        var result = new List<JsonElement>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        JsonElement root;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return result;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out JsonElement statements))
        {
            return result;
        }

        foreach (JsonElement statement in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : Single(statements))
        {
            if (statement.ValueKind == JsonValueKind.Object
                && statement.TryGetProperty("Effect", out JsonElement effect)
                && effect.ValueKind == JsonValueKind.String
                && effect.GetString() == "Allow")
            {
                result.Add(statement);
            }
        }

        return result;
    }

    /// <summary>The string values of a property that IAM allows as a string or a list of strings.</summary>
    public static IEnumerable<string> Values(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out JsonElement value))
        {
            yield break;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            yield return value.GetString()!;
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    yield return item.GetString()!;
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Single(JsonElement element)
    {
        yield return element;
    }
}

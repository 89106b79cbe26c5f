using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Shared;

/// <summary>Renders a JSON array of names or ids (alarm names, account ids) as "a, b, c" for alert titles.</summary>
internal static class CommaList
{
    /// <summary>The array's items as text, comma-separated; empty when the field is missing or not an array.</summary>
    public static string Of(JsonField array)
    {
        var items = new List<string>();
        foreach (JsonField item in array.EnumerateArray())
        {
            items.Add(item.ToString());
        }

        return string.Join(", ", items);
    }
}

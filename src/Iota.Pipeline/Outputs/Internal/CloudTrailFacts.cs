using System.Text.Json;

namespace Iota.Pipeline.Outputs.Internal;

/// <summary>
/// The few CloudTrail fields people want in a notification (account, region, actor), read from an alert's
/// event. Missing or non-CloudTrail fields come back null rather than failing the notification.
/// </summary>
internal sealed record CloudTrailFacts(string? AccountId, string? Region, string? Actor)
{
    public static CloudTrailFacts From(Alert alert)
    {
        try
        {
            using var document = JsonDocument.Parse(alert.EventJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, null, null);
            }

            string? actor = null;
            if (root.TryGetProperty("userIdentity", out var identity) && identity.ValueKind == JsonValueKind.Object)
            {
                actor = Text(identity, "arn") ?? Text(identity, "principalId");
            }

            return new(Text(root, "recipientAccountId"), Text(root, "awsRegion"), actor);
        }
        catch (JsonException)
        {
            return new(null, null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

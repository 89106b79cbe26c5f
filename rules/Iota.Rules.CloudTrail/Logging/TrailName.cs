using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>
/// CloudTrail APIs accept a trail as a bare name or as a full ARN; titles read better with the name alone, while
/// alert context keeps the parameter as sent.
/// </summary>
internal static class TrailName
{
    public static string Of(JsonField nameOrArn)
    {
        string text = nameOrArn.ToString();
        int slash = text.LastIndexOf('/');
        return slash >= 0 ? text[(slash + 1)..] : text;
    }
}

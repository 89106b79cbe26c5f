namespace FixtureDependency;

/// <summary>Something only the plugin's dependency can do, so a rule using it proves the dependency loaded.</summary>
public static class Shouter
{
    public static string Shout(string text) => text.ToUpperInvariant() + "!";
}

namespace Iota.Cli.Internal;

/// <summary>Where the CLI finds what ships with it.</summary>
internal static class CliPaths
{
    /// <summary>The bundled rule folder placed beside the executable by the build.</summary>
    public static string BundledRules => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>The rule folders to load: the ones given, else the bundled pack.</summary>
    public static IReadOnlyList<string> RuleFolders(string[]? given) =>
        given is { Length: > 0 } ? given : [BundledRules];
}

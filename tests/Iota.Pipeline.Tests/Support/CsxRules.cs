using Iota.Engine;

namespace Iota.Pipeline.Tests.Support;

/// <summary>
/// Loads real .csx rules from a folder. Compiled images go to a cache directory of this test run, never the
/// user's cache.
/// </summary>
public static class CsxRules
{
    private static readonly string CacheDirectory = CreateCacheDirectory();

    public static RuleSet Load(string folder, string fileName, string source)
    {
        Environment.SetEnvironmentVariable("IOTA_CACHE_DIR", CacheDirectory);
        File.WriteAllText(Path.Combine(folder, fileName), source);
        RuleSet rules = RuleLoader.Load([folder]);
        Assert.Empty(rules.LoadErrors);
        return rules;
    }

    private static string CreateCacheDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "iota-tests-cache-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover cache in the temp folder harms nothing.
            }
        };
        return path;
    }

    /// <summary>Matches every ConsoleLogin; titles by the user so each user is its own alert.</summary>
    public const string ConsoleLoginRule = """
        public sealed class ConsoleLoginSeen : Rule
        {
            public override string Id => "Test.ConsoleLogin";
            public override Severity Severity => Severity.High;
            public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];
            public override bool Match(Event e) => true;
            public override string Title(Event e) => "Console login by " + e.UserIdentity.DisplayName();
        }
        """;
}

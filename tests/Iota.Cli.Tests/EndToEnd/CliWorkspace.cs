namespace Iota.Cli.Tests.EndToEnd;

/// <summary>
/// A temp folder per test with a copy of samples/, a rule folder with small .csx rules, a compile cache and
/// room for state: what a user would have when trying iota on their own logs.
/// </summary>
internal sealed class CliWorkspace : IDisposable
{
    public const string RootLoginRule = """
        public sealed class RootConsoleLogin : Rule
        {
            public override string Id => "Test.RootConsoleLogin";
            public override Severity Severity => Severity.High;
            public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];
            public override bool Match(Event e) => e.UserIdentity.IsRoot;
            public override string Title(Event e) => "Root console login from " + e.SourceIpAddress;
            public override IReadOnlyDictionary<string, object?>? AlertContext(Event e) =>
                new Dictionary<string, object?> { ["ip"] = e.SourceIpAddress, ["mfa_used"] = e.Get("additionalEventData.MFAUsed") };
        }
        """;

    public const string StopLoggingRule = """
        public sealed class StopLogging : Rule
        {
            public override string Id => "Test.StopLogging";
            public override Severity Severity => Severity.Critical;
            public override IReadOnlyList<string> EventNames => ["StopLogging"];
            public override bool Match(Event e) => true;
            public override string Title(Event e) => "CloudTrail logging stopped by " + e.UserIdentity.DisplayName();
        }
        """;

    public CliWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "iota-cli-tests-" + Guid.NewGuid().ToString("N"));
        Samples = Path.Combine(Root, "samples");
        Rules = Path.Combine(Root, "rules");
        Cache = Path.Combine(Root, "cache");
        State = Path.Combine(Root, "state");
        CopyDirectory(Path.Combine(IotaProcess.RepositoryRoot, "samples"), Samples);
        Directory.CreateDirectory(Rules);
        WriteRule("root-console-login.csx", RootLoginRule);
    }

    public string Root { get; }

    public string Samples { get; }

    public string Rules { get; }

    public string Cache { get; }

    public string State { get; }

    public string WriteRule(string name, string content)
    {
        string path = Path.Combine(Rules, name);
        File.WriteAllText(path, content);
        return path;
    }

    public IotaProcess.Result Iota(params string[] args) => IotaProcess.Run(Root, Cache, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp folder must not hide a test's real failure.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}

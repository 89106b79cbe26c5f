using System.Text.Json;
using Iota.Engine;
using Iota.Engine.Python;
using Iota.Pipeline.Outputs;
using Iota.Pipeline.State;

namespace Iota.Pipeline.Tests.Parity;

/// <summary>
/// The same detection written in C# and in Python (iota style) must raise identical alerts over samples/:
/// the Python adapter is a second way to write rules, not a second semantics.
/// </summary>
public sealed class CSharpPythonParityTests : IDisposable
{
    private const string CSharpRule = """
        using Iota.Sdk;

        public sealed class AdminPolicyAttached : Rule
        {
            public override string Id => "parity_admin_policy_attached";
            public override Severity Severity => Severity.High;
            public override IReadOnlyList<string> EventNames => ["AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"];

            public override bool Match(Event e) =>
                !e.IsError && e.Get("requestParameters.policyArn").EndsWith("/AdministratorAccess");

            public override string Title(Event e)
            {
                JsonField p = e.RequestParameters;
                string target = p["userName"].Exists ? p["userName"].ToString() : p["roleName"].Exists ? p["roleName"].ToString() : p["groupName"].ToString();
                return $"{e.UserIdentity.Arn} attached AdministratorAccess to {target}";
            }

            public override string Dedup(Event e) => e.UserIdentity.Arn.ToString();

            public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new Dictionary<string, object?>
            {
                ["policy_arn"] = e.Get("requestParameters.policyArn"),
                ["source_ip"] = e.SourceIpAddress,
                ["account"] = e.RecipientAccountId,
            };
        }
        """;

    private const string PythonRule = """
        ATTACH = {"AttachUserPolicy", "AttachRolePolicy", "AttachGroupPolicy"}


        def rule(event):
            if event.get("eventName") not in ATTACH or event.get("errorCode"):
                return False
            return str(event.deep_get("requestParameters", "policyArn", default="")).endswith("/AdministratorAccess")


        def title(event):
            params = event.get("requestParameters") or {}
            target = params.get("userName") or params.get("roleName") or params.get("groupName")
            return f"{event.deep_get('userIdentity', 'arn')} attached AdministratorAccess to {target}"


        def dedup(event):
            return event.deep_get("userIdentity", "arn")


        def severity():
            return "HIGH"


        def alert_context(event):
            return {
                "policy_arn": event.deep_get("requestParameters", "policyArn"),
                "source_ip": event.get("sourceIPAddress"),
                "account": event.get("recipientAccountId"),
            }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("iota-parity-").FullName;

    [Fact]
    public async Task Same_detection_in_CSharp_and_Python_raises_identical_alerts_on_samples()
    {
        string csharp = Directory.CreateDirectory(Path.Combine(_root, "csharp")).FullName;
        string python = Directory.CreateDirectory(Path.Combine(_root, "python")).FullName;
        await File.WriteAllTextAsync(Path.Combine(csharp, "AdminPolicyAttached.csx"), CSharpRule);
        await File.WriteAllTextAsync(Path.Combine(python, "parity_admin_policy_attached.py"), PythonRule);

        List<string> fromCSharp = await RunAsync(csharp, usePython: false);
        List<string> fromPython = await RunAsync(python, usePython: true);

        Assert.NotEmpty(fromCSharp);
        Assert.Equal(fromCSharp, fromPython);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs the rules in <paramref name="folder"/> over samples/ and returns each alert minus its random id.</summary>
    private async Task<List<string>> RunAsync(string folder, bool usePython)
    {
        Environment.SetEnvironmentVariable("IOTA_CACHE_DIR", Path.Combine(_root, "cache"));
        RuleSet rules = RuleLoader.Load([folder]);
        Assert.Empty(rules.LoadErrors);
        await using PythonRuleHost? host = usePython
            ? await PythonRuleHost.StartAsync(new PythonRuleHostOptions
            {
                RuleDirectories = rules.PythonRoots,
                CacheDatabasePath = Path.Combine(_root, "python-cache.db"),
                WorkerCount = 2,
            })
            : null;
        Assert.Empty(host?.LoadErrors ?? []);

        using var engine = new RuleEngine(rules);
        using StateDatabase database = StateDatabase.Open(null);
        using EventFilter filter = EventFilter.Open(null, capacity: 100_000);
        var store = new AlertStore(database);
        var processor = new UnitProcessor(engine, filter, store, [OutputRoute.All("stdout")], host);
        string samples = Path.Combine(RepositoryRoot(), "samples");
        var files = Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        new FileRunner(processor, workers: 1).Run(files);

        Assert.Equal(0, engine.Errors.Total);
        return [.. store.List()
            .Select(a => JsonSerializer.Serialize(new
            {
                a.RuleId, a.Title, a.Dedup, a.Severity, a.LogType, a.EventTime, a.Count, a.FirstSeen, a.LastSeen,
                Context = JsonSerializer.Deserialize<Dictionary<string, string>>(a.AlertContextJson ?? "{}"),
                Event = JsonDocument.Parse(a.EventJson).RootElement.GetProperty("eventID").GetString(),
            }))
            .Order(StringComparer.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Iota.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Iota.sln not found above the test output");
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Iota.Engine.Tests.Support;
using Iota.Sdk;

namespace Iota.Engine.Tests.Loading;

/// <summary>
/// A real plugin assembly with its own dependency, built by tests/Fixtures and loaded the way a user's plugin
/// folder is: in its own collectible context, sharing only Iota.Sdk with the host, and unloaded when released.
/// </summary>
public sealed class PluginLoadingTests : IDisposable
{
    private const string RuleId = "Fixture.Plugin.Shouting";
    private readonly TempDirectory _dir = new();

    public PluginLoadingTests()
    {
        // A private copy per test, so a test that unloads or replaces the plugin cannot disturb another.
        string built = Path.Combine(AppContext.BaseDirectory, "fixtures", "plugin");
        Assert.True(File.Exists(Path.Combine(built, "FixturePlugin.dll")), $"the fixture plugin was not built into {built}");
        foreach (string file in Directory.GetFiles(built))
        {
            File.Copy(file, Path.Combine(_dir.Path, "plugin", Path.GetFileName(file)).EnsureDirectory());
        }
    }

    public void Dispose() => _dir.Dispose();

    private string PluginFolder => Path.Combine(_dir.Path, "plugin");

    [Fact]
    public void The_plugin_rule_loads_uses_its_own_dependency_and_fires()
    {
        using RuleSet set = RuleLoader.Load([_dir.Path]);

        Assert.Empty(set.LoadErrors);
        RuleDescriptor rule = Assert.Single(set.Rules);
        Assert.Equal(RuleId, rule.Id);
        Assert.Equal(Path.Combine(PluginFolder, "FixturePlugin.dll"), rule.Source);
        Assert.Equal(Severity.Medium, rule.Severity);

        var errors = new RuleErrorLog();
        RuleMatch match = Assert.Single(Events.Evaluate(set, Events.CloudTrail("FixtureEvent", extra: ""","requestParameters":{"word":"hello"}"""), errors));
        Assert.Equal("HELLO!", match.Title);
        Assert.Equal(0, errors.Total);
        Assert.Empty(Events.Evaluate(set, Events.CloudTrail("OtherEvent")));
    }

    [Fact]
    public void The_plugin_lives_in_a_collectible_context_of_its_own_and_shares_the_sdk()
    {
        using RuleSet set = RuleLoader.Load([_dir.Path]);
        Rule rule = Assert.Single(Assert.Single(set.Sources).Rules);
        Events.Evaluate(set, Events.CloudTrail("FixtureEvent", extra: ""","requestParameters":{"word":"x"}"""));

        AssemblyLoadContext? context = AssemblyLoadContext.GetLoadContext(rule.GetType().Assembly);
        Assert.NotNull(context);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.True(context.IsCollectible);
        Assert.Same(typeof(Rule), rule.GetType().BaseType);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(Rule).Assembly));
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Iota.Sdk");
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "FixtureDependency");
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "FixtureDependency" or "FixturePlugin");
    }

    [Fact]
    public void Loaded_once_the_plugin_runs_from_a_private_mapped_copy_that_rewriting_its_files_in_place_does_not_reach()
    {
        using RuleSet set = RuleLoader.LoadOnce([_dir.Path]);
        Rule rule = Assert.Single(Assert.Single(set.Sources).Rules);
        Event matching = Events.CloudTrail("FixtureEvent", extra: ""","requestParameters":{"word":"hello"}""");
        Assert.Equal("HELLO!", Assert.Single(Events.Evaluate(set, matching)).Title);

        // A context that is never unloaded is what lets the runtime use a published plugin's ReadyToRun code.
        AssemblyLoadContext? context = AssemblyLoadContext.GetLoadContext(rule.GetType().Assembly);
        Assert.NotNull(context);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.False(context.IsCollectible);
        Assert.Same(typeof(Rule), rule.GetType().BaseType);
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "FixtureDependency");
        foreach (System.Reflection.Assembly assembly in context.Assemblies)
        {
            Assert.DoesNotContain(PluginFolder, assembly.Location, StringComparison.Ordinal);
            Assert.False(File.Exists(assembly.Location), $"the private copy {assembly.Location} was left behind");
        }

        // What a build writing over the output folder does: same files, truncated and rewritten.
        foreach (string file in new[] { "FixturePlugin.dll", "FixtureDependency.dll" })
        {
            using var stream = new FileStream(Path.Combine(PluginFolder, file), FileMode.Open, FileAccess.Write);
            stream.SetLength(0);
            stream.Write(new byte[4096]);
        }

        var errors = new RuleErrorLog();
        Assert.Equal("HELLO!", Assert.Single(Events.Evaluate(set, matching, errors)).Title);
        Assert.Equal(0, errors.Total);
    }

    [Fact]
    public void The_dependency_beside_the_plugin_is_not_loaded_as_a_plugin_of_its_own()
    {
        using RuleSet set = RuleLoader.Load([_dir.Path]);

        Assert.Single(set.Sources);
        Assert.Empty(set.LoadErrors);
    }

    [Fact]
    public void A_plugin_whose_dependency_is_missing_is_a_load_error_naming_it()
    {
        File.Delete(Path.Combine(PluginFolder, "FixtureDependency.dll"));

        using RuleSet set = RuleLoader.Load([_dir.Path]);

        // The rule type itself loads; the dependency is needed only when Title runs, and then the failure is isolated.
        var errors = new RuleErrorLog();
        List<RuleMatch> matches = Events.Evaluate(set, Events.CloudTrail("FixtureEvent"), errors);
        RuleMatch match = Assert.Single(matches);
        Assert.Equal(RuleId, match.Title);
        Assert.Contains("FixtureDependency", Assert.Single(errors.Summary()).FirstMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapping_in_a_new_rule_set_unloads_the_plugin_context_while_the_engine_lives_on()
    {
        using var empty = new TempDirectory();
        using var engine = new RuleEngine(RuleLoader.Load([empty.Path]));
        WeakReference context = LoadUseAndSwapOut(engine, _dir.Path, empty.Path);

        WaitForCollection(context);

        Assert.False(context.IsAlive, "the plugin's load context was not collected after its rule set was swapped out");
        Assert.Empty(engine.Current.Rules);
    }

    [Fact]
    public void A_batch_holding_a_lease_keeps_using_a_swapped_out_plugin_which_is_collected_after_the_lease_ends()
    {
        using var empty = new TempDirectory();
        // Load and lease in helpers: a debug build keeps this frame's temporaries (the set, the lease struct) alive.
        using RuleEngine engine = LoadEngine(_dir.Path);
        StrongBox<RuleSetLease> lease = AcquireBoxed(engine);
        WeakReference context = ContextOf(lease);
        engine.Swap(RuleLoader.Load([empty.Path]));

        Assert.Equal("STILL!", TitleThroughLease(lease));
        Assert.Empty(engine.Current.Rules);

        lease.Value.Dispose();
        lease.Value = default;
        WaitForCollection(context);
        Assert.False(context.IsAlive, "the plugin's load context was not collected after the last lease ended");
    }

    [Fact]
    public void A_csx_rule_context_is_unloaded_too()
    {
        using var folder = new TempDirectory();
        folder.Write("r.csx", Rules.Simple("Test.Unload", "ConsoleLogin"));

        using var empty = new TempDirectory();
        using var engine = new RuleEngine(RuleLoader.Load([empty.Path]));
        WeakReference context = LoadUseAndSwapOut(engine, folder.Path, empty.Path);

        WaitForCollection(context);

        Assert.False(context.IsAlive, "the .csx rule's load context was not collected after its rule set was released");
    }

    private static void WaitForCollection(WeakReference reference)
    {
        for (int i = 0; i < 20 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_rule_path_that_is_no_assembly_is_a_load_error_naming_it_and_not_a_private_copy(bool loadOnce)
    {
        string notAnAssembly = Path.Combine(_dir.Path, "rules.dll");
        File.WriteAllText(notAnAssembly, "these bytes are not a portable executable");

        using RuleSet set = loadOnce ? RuleLoader.LoadOnce([notAnAssembly]) : RuleLoader.Load([notAnAssembly]);

        RuleLoadError error = Assert.Single(set.LoadErrors);
        Assert.Equal(notAnAssembly, error.Source);
        Assert.Equal("plugin did not load: it is not a .NET assembly this runtime can load", error.Message);
        Assert.Empty(set.Rules);
    }

    /// <summary>Every strong reference to the rule's types stays in this frame, which is gone when it returns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadUseAndSwapOut(RuleEngine engine, string folder, string emptyFolder)
    {
        engine.Swap(RuleLoader.Load([folder]));
        WeakReference context = ContextOf(engine.Current);
        using (RuleSetLease lease = engine.Acquire())
        {
            Assert.Single(lease.Set.Rules);
            Events.Evaluate(lease.Set, Events.CloudTrail("FixtureEvent", extra: ""","requestParameters":{"word":"x"}"""));
            Events.Evaluate(lease.Set, Events.CloudTrail("ConsoleLogin"));
        }

        engine.Swap(RuleLoader.Load([emptyFolder]));
        return context;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RuleEngine LoadEngine(string folder) => new(RuleLoader.Load([folder]));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StrongBox<RuleSetLease> AcquireBoxed(RuleEngine engine) => new(engine.Acquire());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ContextOf(StrongBox<RuleSetLease> lease) => ContextOf(lease.Value.Set);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string TitleThroughLease(StrongBox<RuleSetLease> lease) =>
        Assert.Single(Events.Evaluate(lease.Value.Set, Events.CloudTrail("FixtureEvent", extra: ""","requestParameters":{"word":"still"}"""))).Title;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ContextOf(RuleSet set) =>
        new(AssemblyLoadContext.GetLoadContext(Assert.Single(set.Sources[0].Rules).GetType().Assembly)!);
}

internal static class PathExtensions
{
    public static string EnsureDirectory(this string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }
}

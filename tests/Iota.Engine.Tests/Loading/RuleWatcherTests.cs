using Iota.Engine.Tests.Support;

namespace Iota.Engine.Tests.Loading;

/// <summary>
/// Hot reload through real file-system events: add, change, break and delete a .csx file while the engine runs.
/// Each step polls the engine with a generous bound; nothing asserts how fast a reload happens.
/// </summary>
public sealed class RuleWatcherTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();
    private readonly RuleEngine _engine;
    private readonly RuleWatcher _watcher;

    public RuleWatcherTests()
    {
        _engine = new RuleEngine(RuleLoader.Load([_dir.Path]));
        _watcher = new RuleWatcher(_engine, [_dir.Path], TimeSpan.FromMilliseconds(50));
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _engine.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Added_changed_broken_and_deleted_rules_are_reloaded_while_running()
    {
        Assert.Empty(_engine.Current.Rules);

        string path = _dir.Write("login.csx", Rules.Simple("Test.Watched", "ConsoleLogin", title: "version one"));
        WaitFor(() => TitleFor("ConsoleLogin") == "version one", "the added rule to fire");

        File.WriteAllText(path, Rules.Simple("Test.Watched", "ConsoleLogin", title: "version two"));
        WaitFor(() => TitleFor("ConsoleLogin") == "version two", "the changed rule to fire with its new title");

        File.WriteAllText(path, Rules.Simple("Test.Watched", "ConsoleLogin", title: "version three") + "\nthis does not compile;\n");
        WaitFor(() => _engine.Current.LoadErrors.Any(e => e.Source == path), "the broken file's compile error");
        RuleLoadError error = _engine.Current.LoadErrors.First(e => e.Source == path);
        Assert.NotNull(error.Line);
        Assert.Equal("version two", TitleFor("ConsoleLogin"));
        Assert.Single(_engine.Current.Rules);

        File.Delete(path);
        WaitFor(() => _engine.Current.Rules.Count == 0, "the deleted rule to disappear");
        Assert.Null(TitleFor("ConsoleLogin"));
        Assert.Empty(_engine.Current.LoadErrors);
    }

    [Fact]
    public void A_new_file_beside_an_unchanged_one_keeps_the_unchanged_rule_loaded_code()
    {
        _dir.Write("a.csx", Rules.Simple("Test.A", "A"));
        WaitFor(() => _engine.Current.Rules.Count == 1, "the first rule");
        Type first = Assert.Single(_engine.Current.Sources).Rules[0].GetType();

        _dir.Write("b.csx", Rules.Simple("Test.B", "B"));
        WaitFor(() => _engine.Current.Rules.Count == 2, "the second rule");

        Assert.Same(first, _engine.Current.Sources.Single(s => s.Path.EndsWith("a.csx", StringComparison.Ordinal)).Rules[0].GetType());
    }

    [Fact]
    public void Reloaded_reports_each_new_rule_set()
    {
        var reloaded = new List<RuleSet>();
        _watcher.Reloaded += set =>
        {
            lock (reloaded)
            {
                reloaded.Add(set);
            }
        };

        _watcher.Reload();

        lock (reloaded)
        {
            Assert.Same(_engine.Current, Assert.Single(reloaded));
        }
    }

    private string? TitleFor(string eventName)
    {
        using RuleSetLease lease = _engine.Acquire();
        return Events.Evaluate(lease.Set, Events.CloudTrail(eventName)).SingleOrDefault()?.Title;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            Thread.Sleep(50);
        }
    }
}

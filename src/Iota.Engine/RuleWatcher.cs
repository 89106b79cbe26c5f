namespace Iota.Engine;

/// <summary>
/// Hot reload: watches rule folders and, shortly after files stop changing, reloads them and swaps the new
/// rule set into the engine. Unchanged files keep their loaded code; a file that no longer compiles or loads
/// keeps its previous version and the failure is reported.
/// </summary>
public sealed class RuleWatcher : IDisposable
{
    private readonly RuleEngine _engine;
    private readonly IReadOnlyList<string> _directories;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private readonly TimeSpan _quietPeriod;
    private readonly Lock _reloadLock = new();

    /// <summary>Watches <paramref name="directories"/> and reloads into <paramref name="engine"/>.</summary>
    public RuleWatcher(RuleEngine engine, IReadOnlyList<string> directories, TimeSpan? quietPeriod = null)
    {
        _engine = engine;
        _directories = directories;
        _quietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(300);
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        foreach (string dir in directories.Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(dir)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
            };
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Deleted += OnChange;
            watcher.Renamed += OnChange;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Raised after each reload with the new set's load errors (empty when everything loaded).</summary>
    public event Action<RuleSet>? Reloaded;

    /// <summary>Reloads now (also what the file events trigger after the quiet period).</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            RuleSet current = _engine.Current;
            RuleSet next;
            try
            {
                next = RuleLoader.Load(_directories, current);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                EngineMetrics.RuleReloads.Add(1, new KeyValuePair<string, object?>("result", "failure"));
                return;
            }

            _engine.Swap(next);
            EngineMetrics.RuleReloads.Add(1, new KeyValuePair<string, object?>("result", next.LoadErrors.Count == 0 ? "success" : "failure"));
            Reloaded?.Invoke(next);
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        foreach (FileSystemWatcher watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        string ext = Path.GetExtension(e.FullPath);
        if (ext is ".csx" or ".dll" or ".py" or ".yml" or ".yaml" or "")
        {
            _debounce.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        }
    }
}

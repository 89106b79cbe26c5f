using System.Threading.Channels;

namespace Iota.Cli.Internal;

/// <summary>
/// For <c>iota run --watch</c>: reports log files that appear or change under the input paths, in batches
/// gathered over a short quiet period so a file being written is read once it is complete.
/// </summary>
internal sealed class InputWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly Channel<IReadOnlyList<string>> _batches = Channel.CreateUnbounded<IReadOnlyList<string>>();
    private readonly Timer _quiet;
    private readonly Lock _gate = new();

    public InputWatcher(IEnumerable<string> paths)
    {
        _quiet = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            bool isDir = Directory.Exists(full);
            string? dir = isDir ? full : Path.GetDirectoryName(full);
            if (dir is null || !Directory.Exists(dir))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(dir)
            {
                IncludeSubdirectories = isDir,
                Filter = isDir ? "*" : Path.GetFileName(full),
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += OnChange;
            watcher.Changed += OnChange;
            watcher.Renamed += OnChange;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public IAsyncEnumerable<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancel) => _batches.Reader.ReadAllAsync(cancel);

    public void Dispose()
    {
        foreach (FileSystemWatcher watcher in _watchers)
        {
            watcher.Dispose();
        }

        _quiet.Dispose();
        _batches.Writer.TryComplete();
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        // A folder copied or moved in arrives as one event for the folder: files written into it before the
        // watch on it began raise no events of their own, so the folder is searched.
        string[] files = Directory.Exists(e.FullPath)
            ? InputFiles.Expand([e.FullPath]).Files.ToArray()
            : InputFiles.IsLogFile(e.FullPath) ? [e.FullPath] : [];
        if (files.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _pending.UnionWith(files);
        }

        _quiet.Change(TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
    }

    private void Flush()
    {
        string[] files;
        lock (_gate)
        {
            files = [.. _pending.Where(File.Exists).Order(StringComparer.Ordinal)];
            _pending.Clear();
        }

        if (files.Length > 0)
        {
            _batches.Writer.TryWrite(files);
        }
    }
}

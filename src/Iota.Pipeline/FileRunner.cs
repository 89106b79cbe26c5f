using System.Collections.Concurrent;

namespace Iota.Pipeline;

/// <summary>
/// Processes local files as units of work, spread over worker threads, one reusable <see cref="EventBatch"/>
/// per worker. Memory is bounded by one decompressed file per worker.
/// </summary>
public sealed class FileRunner
{
    private readonly UnitProcessor _processor;
    private readonly int _workers;

    /// <summary>Creates a runner with <paramref name="workers"/> threads (default: one per core).</summary>
    public FileRunner(UnitProcessor processor, int? workers = null)
    {
        _processor = processor;
        _workers = Math.Max(1, workers ?? Environment.ProcessorCount);
    }

    /// <summary>Raised (from a worker thread) after each file, with its outcome and input errors.</summary>
    public event Action<FileResult>? FileDone;

    /// <summary>Processes <paramref name="files"/>; returns when every file is done or cancellation is requested.</summary>
    public void Run(IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken };

        // Parallel.ForEach ends each worker task after a time slice and starts a replica, running localInit and
        // localFinally again; the batches are parked here between replicas so their grown token arrays and
        // pooled buffers are reused for the whole run instead of being reallocated every few files.
        var idle = new ConcurrentBag<EventBatch>();
        try
        {
            Parallel.ForEach(
                Partitioner.Create(files.ToList(), loadBalance: true),
                options,
                () => idle.TryTake(out EventBatch? parked) ? parked : new EventBatch(),
                (path, _, batch) =>
                {
                    UnitOutcome outcome = _processor.Process(batch, UnitKey(path), b => b.LoadFile(path));
                    FileDone?.Invoke(new FileResult(path, batch.Bytes, outcome, [.. batch.Errors]));
                    return batch;
                },
                idle.Add);
        }
        finally
        {
            foreach (EventBatch batch in idle)
            {
                batch.Dispose();
            }
        }
    }

    /// <summary>A local file's unit key: its path, size and modification time, so an edited file is new work.</summary>
    public static string UnitKey(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"file:{info.FullName}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : $"file:{path}";
    }
}

/// <summary>One file's result.</summary>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its decompressed size.</param>
/// <param name="Outcome">What processing it produced.</param>
/// <param name="Errors">Bad input found in it.</param>
public sealed record FileResult(string Path, long Bytes, UnitOutcome Outcome, IReadOnlyList<InputError> Errors);

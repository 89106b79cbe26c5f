using System.Collections.Concurrent;
using Iota.Pipeline.Readers.Internal;

namespace Iota.Pipeline;

/// <summary>
/// Processes local files as units of work, spread over worker threads, one reusable <see cref="EventBatch"/>
/// per worker. A file is read whole, so memory is bounded by one decompressed file per worker, except for a large
/// file of JSON Lines or of log files one after another: that is read in order in parts of whole lines or log files
/// (<see cref="PartBytes"/> each), and each part is a unit of its own, processed by whichever worker is free. Such a
/// file then uses every core, needs memory for a few parts only, and may be of any size.
/// </summary>
public sealed class FileRunner
{
    /// <summary>The decompressed size of one part of a large file (the default of <see cref="PartBytes"/>).</summary>
    public const int DefaultPartBytes = 32 * 1024 * 1024;

    private readonly UnitProcessor _processor;
    private readonly int _workers;

    /// <summary>Creates a runner with <paramref name="workers"/> threads (default: one per core).</summary>
    public FileRunner(UnitProcessor processor, int? workers = null)
    {
        _processor = processor;
        _workers = Math.Max(1, workers ?? Environment.ProcessorCount);
    }

    /// <summary>Raised (from a worker thread) after each file, or each part of a large file, with its outcome and input errors.</summary>
    public event Action<FileResult>? FileDone;

    /// <summary>The decompressed size of one part of a large file; smaller in tests.</summary>
    internal int PartBytes { get; init; } = DefaultPartBytes;

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
            // Work is taken one item at a time: a large file's next part is decoded by the worker that takes it,
            // while the others process the parts before it.
            Parallel.ForEach(
                Partitioner.Create(Work(files), EnumerablePartitionerOptions.NoBuffering),
                options,
                () => idle.TryTake(out EventBatch? parked) ? parked : new EventBatch(),
                (work, _, batch) =>
                {
                    Process(work, batch);
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

    private IEnumerable<FileWork> Work(IReadOnlyList<string> files)
    {
        foreach (string path in files)
        {
            using InputPartReader? reader = InputPartReader.OpenIfLarge(path, PartBytes);
            if (reader is null)
            {
                yield return new FileWork(path, UnitKey(path), Part: null);
                continue;
            }

            string unit = UnitKey(path);
            while (reader.Next() is InputPart part)
            {
                yield return new FileWork(path, part.UnitKey(unit), part);
            }
        }
    }

    private void Process(FileWork work, EventBatch batch)
    {
        InputPart? part = work.Part;
        try
        {
            UnitOutcome outcome = _processor.Process(batch, work.Unit, part is null ? b => b.LoadFile(work.Path) : b => b.LoadPart(work.Path, part));
            FileDone?.Invoke(new FileResult(work.Path, batch.Bytes, outcome, [.. batch.Errors], work.Unit, part?.Last ?? true));
        }
        finally
        {
            // Matches handed to FileDone may point into the part's bytes: the buffer goes back only after it.
            part?.Return();
        }
    }

    /// <summary>A file to read whole, or a part of a large one already decoded.</summary>
    private sealed record FileWork(string Path, string Unit, InputPart? Part);
}

/// <summary>One file's result, or one part's of a large file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its decompressed size (the part's).</param>
/// <param name="Outcome">What processing it produced.</param>
/// <param name="Errors">Bad input found in it; offsets count from the start of the file.</param>
/// <param name="Unit">The unit of work it was committed as.</param>
/// <param name="LastPart">True when it ends the file: always for a file read whole, else for its last part.</param>
public sealed record FileResult(string Path, long Bytes, UnitOutcome Outcome, IReadOnlyList<InputError> Errors, string Unit, bool LastPart);

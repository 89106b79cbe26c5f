using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Iota.Engine;
using Iota.Pipeline.Lake.Internal;
using Iota.Sdk;

namespace Iota.Pipeline.Lake;

/// <summary>
/// Writes every processed event once to the lake as gzip NDJSON, partitioned by table and the event's own hour
/// (<see cref="LakePartition"/>). A unit's rows are appended, compressed, to per-partition staging files and fsynced
/// by <see cref="Stage"/>, before the unit is acknowledged; staging files become lake files when they reach
/// <see cref="LakeWriterOptions.MaxBufferBytes"/>, when <see cref="LakeWriterOptions.FlushInterval"/> has passed
/// (checked on a timer, so a quiet stream still flushes), and on <see cref="Flush"/> or <see cref="Dispose"/>.
/// Rows staged by a run that crashed are flushed when the next writer opens the staging folder, and units it had
/// staged are not staged twice. Thread-safe.
/// </summary>
public sealed class LakeWriter : IDisposable
{
    private readonly ILakeStore _store;
    private readonly LakeWriterOptions _options;
    private readonly string _staging;
    private readonly Lock _gate = new();
    private readonly Lock _uploadGate = new();
    private readonly Dictionary<string, StagingFile> _open = new(StringComparer.Ordinal);
    private readonly List<StagingFile> _sealed = [];
    private readonly HashSet<string> _stagedUnits;
    private readonly ConcurrentDictionary<string, (byte[] Encoded, string Table)> _logTypes = new(StringComparer.Ordinal);
    private readonly StagingLedger _ledger;
    private readonly ITimer _timer;
    private long _rows;
    private long _files;
    private int _uploading;
    private bool _disposed;

    /// <summary>Opens the staging folder, recovers what a crashed run left there, and starts the flush timer.</summary>
    public LakeWriter(ILakeStore store, LakeWriterOptions options)
    {
        _store = store;
        _options = options;
        _staging = Path.GetFullPath(options.StagingDirectory);
        Directory.CreateDirectory(_staging);
        var (units, lengths) = StagingLedger.Read(_staging);
        _stagedUnits = units;
        _sealed.AddRange(Recover(lengths));
        _ledger = StagingLedger.Create(_staging, _stagedUnits, _sealed);

        // Recovered rows are uploaded by the first timer tick, once FlushFailed has listeners to hear of a failure.
        TimeSpan tick = TimeSpan.FromTicks(Math.Clamp(options.FlushInterval.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));
        _timer = options.Time.CreateTimer(_ => FlushDue(), null, tick, tick);
    }

    /// <summary>Where the lake files go.</summary>
    public ILakeStore Store => _store;

    /// <summary>Raised (from the flush timer's thread) when staged rows could not be written to the lake; they stay staged and are retried.</summary>
    public event Action<string>? FlushFailed;

    /// <summary>Rows staged by this writer.</summary>
    public long RowsStaged => Interlocked.Read(ref _rows);

    /// <summary>Lake files written by this writer.</summary>
    public long FilesWritten => Interlocked.Read(ref _files);

    /// <summary>
    /// Stages the unit's events (all but those <paramref name="skip"/> marks) durably. When this returns the unit may
    /// be acknowledged; when it throws nothing of the unit is staged. A unit already staged and not yet reported
    /// <see cref="Committed"/> (reprocessed after a crash) is not staged again.
    /// </summary>
    public void Stage(EventBatch batch, string unitKey, IReadOnlyList<bool>? skip = null)
    {
        DateTimeOffset now = _options.Time.GetUtcNow();

        // Rows are formatted and compressed outside the lock, so workers only queue for the appends and fsyncs.
        var (partitions, rows) = Format(batch, unitKey, skip, now);
        if (rows == 0)
        {
            // Nothing new (every event a duplicate, or an empty unit): no fsync, no ledger line.
            return;
        }

        bool full = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stagedUnits.Contains(unitKey))
            {
                return;
            }

            var touched = new Dictionary<StagingFile, long>();
            try
            {
                foreach (var (prefix, member) in partitions)
                {
                    FileFor(prefix, now, touched).Append(member);
                }

                foreach (StagingFile file in touched.Keys)
                {
                    file.Sync();
                }

                _ledger.Append(unitKey, touched.Keys);
            }
            catch
            {
                Rollback(touched);
                throw;
            }

            _stagedUnits.Add(unitKey);
            _rows += rows;
            foreach (StagingFile file in touched.Keys)
            {
                if (file.Length >= _options.MaxBufferBytes)
                {
                    SealLocked(file);
                    full = true;
                }
            }
        }

        if (full)
        {
            UploadInBackground();
        }
    }

    /// <summary>The unit was acknowledged, so it will not be reprocessed: forget its key.</summary>
    public void Committed(string unitKey)
    {
        lock (_gate)
        {
            _stagedUnits.Remove(unitKey);
        }
    }

    /// <summary>Writes every staged row to the lake now. Throws when the lake cannot be written (the rows stay staged).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (StagingFile file in _open.Values.ToList())
            {
                SealLocked(file);
            }
        }

        string? error = Upload();
        if (error is not null)
        {
            throw new IOException(error);
        }
    }

    /// <summary>Stops the timer and flushes; a failure is reported through <see cref="FlushFailed"/> and the rows stay staged for the next run.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _timer.Dispose();
        try
        {
            Flush();
        }
        catch (Exception ex) when (FileSystemFailure.Is(ex))
        {
            FlushFailed?.Invoke(ex.Message);
        }

        lock (_gate)
        {
            _disposed = true;
            _ledger.Dispose();
        }
    }

    /// <summary>Moves or uploads sealed files on a pool thread, so the worker that filled a buffer goes back to its events.</summary>
    private void UploadInBackground()
    {
        if (Interlocked.CompareExchange(ref _uploading, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                string? error = Upload();
                if (error is not null)
                {
                    FlushFailed?.Invoke(error);
                }
            }
            finally
            {
                Volatile.Write(ref _uploading, 0);
            }
        });
    }

    private void FlushDue()
    {
        DateTimeOffset now = _options.Time.GetUtcNow();
        bool any;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            foreach (StagingFile file in _open.Values.Where(f => now - f.Opened >= _options.FlushInterval).ToList())
            {
                SealLocked(file);
            }

            any = _sealed.Count > 0;
        }

        if (any)
        {
            string? error = Upload();
            if (error is not null)
            {
                FlushFailed?.Invoke(error);
            }
        }
    }

    private (byte[] Encoded, string Table) LogType(string logType) =>
        _logTypes.GetOrAdd(logType, static type => (JsonEncodedText.Encode(type).EncodedUtf8Bytes.ToArray(), LogTypes.TableName(type)));

    /// <summary>The unit's rows, grouped by partition prefix, each group compressed as one gzip member.</summary>
    private (Dictionary<string, byte[]> Partitions, int Rows) Format(EventBatch batch, string unitKey, IReadOnlyList<bool>? skip, DateTimeOffset now)
    {
        var unit = new LakeRow.UnitFields(batch.Source, unitKey, now);
        var partitions = new Dictionary<string, PartitionMember>(StringComparer.Ordinal);
        try
        {
            string? lastTable = null;
            long lastHour = long.MinValue;
            PartitionMember? member = null;
            int count = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                if (skip is not null && skip[i])
                {
                    continue;
                }

                Event e = batch.Events[i];
                string logType = batch.LogTypeOf(i);
                var (encoded, table) = LogType(logType);
                DateTimeOffset time = e.EventTime ?? now;
                long hour = time.UtcTicks / TimeSpan.TicksPerHour;
                if (member is null || hour != lastHour || !ReferenceEquals(table, lastTable))
                {
                    string prefix = LakePartition.Prefix(table, time);
                    if (!partitions.TryGetValue(prefix, out member))
                    {
                        member = new PartitionMember();
                        partitions[prefix] = member;
                    }

                    (lastTable, lastHour) = (table, hour);
                }

                member.Add(e, encoded, time, unit, LakeRow.RowId(e, encoded, unit, i));
                count++;
            }

            var members = new Dictionary<string, byte[]>(partitions.Count, StringComparer.Ordinal);
            foreach (var (prefix, partition) in partitions)
            {
                members[prefix] = partition.Finish();
            }

            return (members, count);
        }
        finally
        {
            foreach (PartitionMember partition in partitions.Values)
            {
                partition.Dispose();
            }
        }
    }

    /// <summary>
    /// One unit's rows of one partition as a gzip member, compressed as they are written: only the compressed bytes
    /// grow with the unit (a 32 MiB part of a large file would otherwise build its rows uncompressed first).
    /// </summary>
    private sealed class PartitionMember : IDisposable
    {
        private const int ChunkBytes = 64 * 1024;
        private readonly ArrayBufferWriter<byte> _rows = new(ChunkBytes);
        private readonly MemoryStream _compressed = new();
        private readonly GZipStream _gzip;

        public PartitionMember() => _gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);

        public void Add(Event e, byte[] logType, DateTimeOffset time, LakeRow.UnitFields unit, ulong rowId)
        {
            LakeRow.Write(_rows, e.Utf8, logType, time, unit, rowId);
            if (_rows.WrittenCount >= ChunkBytes)
            {
                _gzip.Write(_rows.WrittenSpan);
                _rows.ResetWrittenCount();
            }
        }

        public byte[] Finish()
        {
            _gzip.Write(_rows.WrittenSpan);
            _rows.ResetWrittenCount();
            _gzip.Dispose();
            return _compressed.ToArray();
        }

        public void Dispose()
        {
            _gzip.Dispose();
            _compressed.Dispose();
        }
    }

    private StagingFile FileFor(string prefix, DateTimeOffset now, Dictionary<StagingFile, long> touched)
    {
        if (!_open.TryGetValue(prefix, out StagingFile? file))
        {
            file = StagingFile.Create(_staging, prefix, now);
            _open[prefix] = file;
        }

        touched.TryAdd(file, file.Length);
        return file;
    }

    private void Rollback(Dictionary<StagingFile, long> touched)
    {
        foreach (var (file, length) in touched)
        {
            try
            {
                if (length == 0)
                {
                    _open.Remove(_open.First(pair => pair.Value == file).Key);
                    file.Delete();
                }
                else
                {
                    file.Truncate(length);
                }
            }
            catch (IOException)
            {
                // The ledger still bounds the file at its last acknowledged length; recovery cuts the rest.
            }
        }
    }

    private void SealLocked(StagingFile file)
    {
        file.Seal();
        _open.Remove(_open.First(pair => pair.Value == file).Key);
        _sealed.Add(file);
    }

    /// <summary>Moves or uploads sealed files one at a time, outside the staging lock; returns the first error.</summary>
    private string? Upload()
    {
        lock (_uploadGate)
        {
            string? error = null;
            List<StagingFile> pending;
            lock (_gate)
            {
                pending = [.. _sealed];
            }

            foreach (StagingFile file in pending)
            {
                try
                {
                    _store.Put(file.LakeKey, file.FullPath);
                    file.Delete();
                    Interlocked.Increment(ref _files);
                    lock (_gate)
                    {
                        _sealed.Remove(file);
                    }
                }
                catch (Exception ex) when (FileSystemFailure.Is(ex) || ex is LakeStoreException)
                {
                    error = $"cannot write lake file {file.LakeKey} to {_store.Location}: {ex.Message} (rows stay staged in {file.FullPath} and are retried)";
                    break;
                }
            }

            lock (_gate)
            {
                if (!_disposed)
                {
                    _ledger.Compact(_stagedUnits, _open.Values.Concat(_sealed));
                }
            }

            return error;
        }
    }

    private List<StagingFile> Recover(Dictionary<string, long> lengths)
    {
        var recovered = new List<StagingFile>();
        DateTimeOffset now = _options.Time.GetUtcNow();
        foreach (string path in Directory.EnumerateFiles(_staging, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(_staging, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.EndsWith(StagingFile.Extension, StringComparison.Ordinal))
            {
                if (lengths.TryGetValue(relative, out long length) && length > 0)
                {
                    recovered.Add(StagingFile.Recover(_staging, relative, length, now));
                }
                else
                {
                    // Rows of a unit whose staging never finished: that unit was not acknowledged and will be reprocessed.
                    File.Delete(path);
                }
            }
        }

        return recovered;
    }
}

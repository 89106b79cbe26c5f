namespace Iota.Pipeline.Lake.Internal;

/// <summary>
/// One partition's rows waiting to become a lake file: each unit of work appends its rows as one gzip member
/// (concatenated members are one valid gzip stream, read as such by gzip, DuckDB and Athena) and fsyncs, so the
/// unit can be acknowledged as soon as its rows are here, and the finished file is the lake file as it is: moved
/// or uploaded, never recompressed. Its path mirrors the lake key it becomes, so a retried upload (after a crash or
/// an S3 error) overwrites the same object instead of adding a second one.
/// </summary>
internal sealed class StagingFile
{
    public const string Extension = ".json.gz";

    private FileStream? _stream;

    private StagingFile(string stagingRoot, string relativePath, DateTimeOffset opened, long length)
    {
        RelativePath = relativePath;
        FullPath = Path.Combine(stagingRoot, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Opened = opened;
        Length = length;
    }

    /// <summary>'/'-separated path under the staging folder: <c>{table}/year=…/hour=HH/{timestamp}-{uuid}.json.gz</c>.</summary>
    public string RelativePath { get; }

    public string FullPath { get; }

    /// <summary>The lake key the rows go to.</summary>
    public string LakeKey => $"{LakePartition.LogsFolder}/{RelativePath}";

    /// <summary>When its first row was staged (by this process).</summary>
    public DateTimeOffset Opened { get; }

    /// <summary>Compressed bytes staged and written to the file.</summary>
    public long Length { get; private set; }

    /// <summary>A new, empty staging file for the partition <paramref name="partitionPrefix"/> (a lake prefix).</summary>
    public static StagingFile Create(string stagingRoot, string partitionPrefix, DateTimeOffset now)
    {
        string name = $"{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid():N}";
        string relative = partitionPrefix[(LakePartition.LogsFolder.Length + 1)..] + name + Extension;
        var file = new StagingFile(stagingRoot, relative, now, 0);
        Directory.CreateDirectory(Path.GetDirectoryName(file.FullPath)!);
        file._stream = new FileStream(file.FullPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        return file;
    }

    /// <summary>A file a previous run staged, cut back to the <paramref name="length"/> its ledger vouches for.</summary>
    public static StagingFile Recover(string stagingRoot, string relativePath, long length, DateTimeOffset now)
    {
        var file = new StagingFile(stagingRoot, relativePath, now, length);
        using (var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Write))
        {
            if (stream.Length > length)
            {
                stream.SetLength(length);
                stream.Flush(flushToDisk: true);
            }
        }

        return file;
    }

    public void Append(ReadOnlySpan<byte> rows)
    {
        Stream().Write(rows);
        Length += rows.Length;
    }

    /// <summary>Makes every appended byte durable.</summary>
    public void Sync() => Stream().Flush(flushToDisk: true);

    /// <summary>Undoes appends after a failed unit.</summary>
    public void Truncate(long length)
    {
        FileStream stream = Stream();
        stream.Flush();
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
        Length = length;
    }

    /// <summary>Stops appending; the file is then only moved or uploaded.</summary>
    public void Seal()
    {
        _stream?.Dispose();
        _stream = null;
    }

    /// <summary>Removes the file, and its partition folders once they are empty, so the staging folder does not fill with empty hours.</summary>
    public void Delete()
    {
        Seal();
        File.Delete(FullPath); // Already gone when a local lake moved it into place.
        string? folder = Path.GetDirectoryName(FullPath);
        for (int depth = RelativePath.Count(c => c == '/'); depth > 0 && folder is not null; depth--)
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                // Not empty (or just refilled by a new staging file): leave it and its parents.
                break;
            }

            folder = Path.GetDirectoryName(folder);
        }
    }

    private FileStream Stream() => _stream ?? throw new InvalidOperationException($"{FullPath} is sealed");
}

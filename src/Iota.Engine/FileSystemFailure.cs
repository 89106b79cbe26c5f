namespace Iota.Engine;

/// <summary>
/// Tells the file system refusing a read or a write (a missing or locked file, no permission, a full disk, a
/// file-size limit) from a bug, for the places that have an answer to a failed file operation: a fallback, a retry
/// or a message that names the file.
/// </summary>
public static class FileSystemFailure
{
    /// <summary>
    /// True for <see cref="IOException"/> and <see cref="UnauthorizedAccessException"/>, and for the
    /// <see cref="ArgumentOutOfRangeException"/> (parameter "value") that the runtime throws for EFBIG: a write past
    /// a file-size limit (<c>ulimit -f</c>, systemd's <c>LimitFSIZE</c>, a file system's largest file).
    /// </summary>
    public static bool Is(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException { ParamName: "value" };

    /// <summary>
    /// Deletes <paramref name="path"/> (nothing when it does not exist), ignoring the file system's refusal: for a
    /// temporary file a failed write leaves behind, where the write's own error is the one that matters.
    /// </summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (Is(ex))
        {
        }
    }
}

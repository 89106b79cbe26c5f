namespace Iota.Pipeline.Lake;

/// <summary>
/// Where finished lake files live: a local folder (<see cref="LocalLakeStore"/>) or an S3 bucket and prefix
/// (Iota.Aws). Keys are relative, '/'-separated, and start with <c>logs/</c>.
/// </summary>
public interface ILakeStore
{
    /// <summary>The lake's root, for messages: a folder path or an <c>s3://bucket/prefix</c> URI.</summary>
    string Location { get; }

    /// <summary>
    /// Stores <paramref name="localFile"/> as <paramref name="key"/>, replacing any object already there (so a
    /// retried upload is harmless), and consumes the file (moves or deletes it).
    /// </summary>
    void Put(string key, string localFile);

    /// <summary>Every key under <paramref name="prefix"/> (a folder-like prefix ending in '/').</summary>
    IReadOnlyList<string> List(string prefix);

    /// <summary>A local path holding the object <paramref name="key"/> (downloaded first when the lake is remote).</summary>
    string Fetch(string key);
}

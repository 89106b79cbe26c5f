namespace Iota.Pipeline.Lake;

/// <summary>A lake in a local folder: keys are paths under <see cref="Root"/>.</summary>
public sealed class LocalLakeStore : ILakeStore
{
    /// <summary>Uses <paramref name="root"/> (created on first write).</summary>
    public LocalLakeStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>The lake folder.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public string Location => Root;

    /// <inheritdoc/>
    public void Put(string key, string localFile)
    {
        string target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(localFile, target, overwrite: true);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> List(string prefix)
    {
        string folder = PathOf(prefix);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public string Fetch(string key) => PathOf(key);

    private string PathOf(string key) => Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
}

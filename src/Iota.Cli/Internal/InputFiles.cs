namespace Iota.Cli.Internal;

/// <summary>Expands the PATH arguments of <c>iota run</c> into the files to read.</summary>
internal static class InputFiles
{
    private static readonly string[] LogExtensions = [".json", ".gz", ".jsonl", ".ndjson"];

    /// <summary>
    /// Files named directly are always read; folders are searched recursively for log files (.json, .jsonl,
    /// .ndjson, .gz), skipping hidden entries so notes and READMEs beside the logs are left alone.
    /// </summary>
    public static (List<string> Files, List<string> Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var missing = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory
                    .EnumerateFiles(Path.GetFullPath(path), "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
                    .Where(IsLogFile)
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                missing.Add(path);
            }
        }

        return (files, missing);
    }

    public static bool IsLogFile(string path) =>
        !Path.GetFileName(path).StartsWith('.') && LogExtensions.Any(ext => path.EndsWith(ext, StringComparison.OrdinalIgnoreCase));
}

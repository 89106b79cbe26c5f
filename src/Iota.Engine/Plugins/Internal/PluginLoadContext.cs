using System.Reflection;
using System.Runtime.Loader;

namespace Iota.Engine.Plugins.Internal;

/// <summary>
/// Resolves a plugin's own dependencies from its folder (through its .deps.json when it has one) and defers
/// shared assemblies to the default context. A plugin file can be replaced while its old version is still
/// running: a collectible context loads assemblies from bytes; a lasting one maps a private copy, because only
/// a mapped image in a non-collectible context can run its ReadyToRun code instead of JIT-compiling it.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly PluginConfig _config;
    private readonly string _directory;

    public PluginLoadContext(PluginConfig config)
        : base(Path.GetFileNameWithoutExtension(config.MainAssemblyPath), config.IsUnloadable)
    {
        _config = config;
        _resolver = new AssemblyDependencyResolver(config.MainAssemblyPath);
        _directory = Path.GetDirectoryName(config.MainAssemblyPath)!;
    }

    public Assembly LoadAssemblyFile(string path) => _config.IsUnloadable ? LoadFromFileBytes(path) : LoadFromPrivateCopy(path);

    private Assembly LoadFromFileBytes(string path)
    {
        using var assembly = new MemoryStream(File.ReadAllBytes(path));
        string pdbPath = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(pdbPath))
        {
            return LoadFromStream(assembly);
        }

        using var symbols = new MemoryStream(File.ReadAllBytes(pdbPath));
        return LoadFromStream(assembly, symbols);
    }

    /// <summary>
    /// Maps a copy that nothing else writes to: the runtime reads a mapped image lazily, so a build overwriting
    /// the plugin in place must not reach it. The copy is unlinked once mapped; the mapping keeps it alive.
    /// Without a writable temporary folder the plugin loads from bytes, only without its precompiled code.
    /// </summary>
    private Assembly LoadFromPrivateCopy(string path)
    {
        string? folder = null;
        string copy;
        try
        {
            folder = Directory.CreateTempSubdirectory("iota-plugin-").FullName;
            copy = Path.Combine(folder, Path.GetFileName(path));
            File.Copy(path, copy);
        }
        catch (Exception ex) when (FileSystemFailure.Is(ex))
        {
            TryDelete(folder);
            return LoadFromFileBytes(path);
        }

        try
        {
            return LoadFromAssemblyPath(copy);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>Removes a private copy's folder; where a mapped file cannot be deleted (Windows) it stays behind.</summary>
    private static void TryDelete(string? folder)
    {
        try
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover copy in the temporary folder is harmless.
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || _config.SharedAssemblies.Contains(assemblyName.Name))
        {
            return null;
        }

        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        // Framework assemblies are not beside the plugin; returning null lets the default context supply them.
        return path is null ? null : LoadAssemblyFile(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}

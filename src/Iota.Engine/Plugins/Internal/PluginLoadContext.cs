using System.Reflection;
using System.Runtime.Loader;

namespace Iota.Engine.Plugins.Internal;

/// <summary>
/// Resolves a plugin's own dependencies from its folder (through its .deps.json when it has one) and defers
/// shared assemblies to the default context. Assemblies are loaded from bytes, not mapped from disk, so a
/// plugin file can be replaced while its old version is still running.
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

    public Assembly LoadFromFileBytes(string path)
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
        return path is null ? null : LoadFromFileBytes(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}

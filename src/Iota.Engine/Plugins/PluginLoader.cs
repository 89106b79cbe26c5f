using System.Reflection;
using System.Runtime.Loader;
using Iota.Engine.Plugins.Internal;

namespace Iota.Engine.Plugins;

/// <summary>
/// Loads a plugin assembly and its dependencies into their own (by default collectible)
/// <see cref="AssemblyLoadContext"/>. Stands in for McMaster.NETCore.Plugins' loader of the same name, which
/// the package registry here does not carry; the public shape follows it so the real one can be swapped in.
/// </summary>
public sealed class PluginLoader : IDisposable
{
    private readonly PluginLoadContext _context;
    private Assembly? _main;
    private bool _disposed;

    private PluginLoader(PluginConfig config)
    {
        Config = config;
        _context = new PluginLoadContext(config);
    }

    /// <summary>The configuration the loader was created with.</summary>
    public PluginConfig Config { get; }

    /// <summary>The load context, exposed so callers (and tests) can watch it being collected.</summary>
    public AssemblyLoadContext LoadContext => _context;

    /// <summary>Creates a loader for <paramref name="assemblyFile"/>, sharing the assemblies of <paramref name="sharedTypes"/> with the host.</summary>
    public static PluginLoader CreateFromAssemblyFile(string assemblyFile, Type[] sharedTypes, Action<PluginConfig>? configure = null)
    {
        var config = new PluginConfig(assemblyFile);
        foreach (Type type in sharedTypes)
        {
            config.SharedAssemblies.Add(type.Assembly.GetName().Name!);
        }

        configure?.Invoke(config);
        return new PluginLoader(config);
    }

    /// <summary>Loads (once) and returns the plugin's main assembly.</summary>
    public Assembly LoadDefaultAssembly() => _main ??= _context.LoadAssemblyFile(Config.MainAssemblyPath);

    /// <summary>Unloads the context when it is collectible. Types from it must no longer be referenced.</summary>
    public void Dispose()
    {
        if (Config.IsUnloadable && !_disposed)
        {
            _disposed = true;
            _main = null;
            _context.Unload();
        }
    }
}

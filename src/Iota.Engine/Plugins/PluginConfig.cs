namespace Iota.Engine.Plugins;

/// <summary>How a plugin is loaded. Mirrors the options of McMaster.NETCore.Plugins that Iota needs.</summary>
public sealed class PluginConfig
{
    /// <summary>Creates a configuration for the plugin's main assembly.</summary>
    public PluginConfig(string mainAssemblyPath)
    {
        MainAssemblyPath = Path.GetFullPath(mainAssemblyPath);
    }

    /// <summary>The plugin's main assembly.</summary>
    public string MainAssemblyPath { get; }

    /// <summary>
    /// Assemblies the plugin must see as the host's own copy, so types such as the rule contract are the
    /// same <see cref="Type"/> on both sides.
    /// </summary>
    public ICollection<string> SharedAssemblies { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Load into a collectible context that <see cref="PluginLoader.Dispose"/> unloads. When false, the plugin
    /// stays loaded for the life of the process and its ReadyToRun code (if it was published with it) is used.
    /// </summary>
    public bool IsUnloadable { get; set; } = true;
}

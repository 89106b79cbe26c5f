using System.Runtime.Loader;
using Iota.Engine.Plugins;
using Iota.Sdk;

namespace Iota.Engine.Internal;

/// <summary>
/// The rules that came from one file, with the load context that holds their code. Shared between rule sets
/// across reloads while the file is unchanged; its context is unloaded when the last rule set using it is done.
/// </summary>
internal sealed class RuleSource
{
    private readonly PluginLoader? _plugin;
    private readonly AssemblyLoadContext? _context;
    private int _users;

    public RuleSource(string path, string fingerprint, IReadOnlyList<Rule> rules, PluginLoader? plugin, AssemblyLoadContext? context)
    {
        Path = path;
        Fingerprint = fingerprint;
        Rules = rules;
        _plugin = plugin;
        _context = context;
    }

    public string Path { get; }

    /// <summary>A hash of the file's content; a reload reuses the source when it is unchanged.</summary>
    public string Fingerprint { get; }

    public IReadOnlyList<Rule> Rules { get; }

    public string Language => "csharp";

    public AssemblyLoadContext? LoadContext => _plugin?.LoadContext ?? _context;

    public void AddUser() => Interlocked.Increment(ref _users);

    /// <summary>Drops one rule set's claim; the last one out unloads the code.</summary>
    public void RemoveUser()
    {
        if (Interlocked.Decrement(ref _users) == 0)
        {
            Unload();
        }
    }

    /// <summary>Unloads a source that never made it into a rule set (its replacement failed validation).</summary>
    public void Unload()
    {
        _plugin?.Dispose();
        _context?.Unload();
    }
}

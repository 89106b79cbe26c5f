using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Iota.Engine.Internal;
using Iota.Engine.Plugins;
using Iota.Sdk;

namespace Iota.Engine;

/// <summary>
/// Finds and loads rules from folders: <c>.csx</c> files (compiled with Roslyn), plugin assemblies (a
/// <c>.dll</c> that references Iota.Sdk), and folders of Python rules (handed to the Python host). A file that
/// fails to load is reported and skipped; every other file still loads. On reload, unchanged files keep their
/// loaded code and a changed file that now fails keeps its previous version.
/// </summary>
public static class RuleLoader
{
    private static readonly string SdkName = typeof(Rule).Assembly.GetName().Name!;
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", "__pycache__", "helpers", "global_helpers", "data_models",
    };

    /// <summary>Starts compiling a throwaway script in the background so the first real compile is fast.</summary>
    public static Task WarmUpCompilerAsync() => Task.Run(CsxCompiler.WarmUp);

    /// <summary>Loads every rule under <paramref name="directories"/> into a new rule set that a reload can replace and unload.</summary>
    public static RuleSet Load(IReadOnlyList<string> directories) => Load(directories, previous: null);

    /// <summary>
    /// Loads every rule under <paramref name="directories"/> for a process that never reloads them. Plugin
    /// assemblies stay loaded until the process exits, which lets the runtime use their ReadyToRun code (the
    /// published bundled pack has it) instead of compiling every rule method at start.
    /// </summary>
    public static RuleSet LoadOnce(IReadOnlyList<string> directories) => Load(directories, previous: null, reloadable: false);

    /// <summary>
    /// Loads every rule under <paramref name="directories"/>, reusing the sources of <paramref name="previous"/>
    /// whose files are unchanged and keeping a previous version when its file no longer loads.
    /// </summary>
    public static RuleSet Load(IReadOnlyList<string> directories, RuleSet? previous) => Load(directories, previous, reloadable: true);

    private static RuleSet Load(IReadOnlyList<string> directories, RuleSet? previous, bool reloadable)
    {
        var errors = new List<RuleLoadError>();
        var sources = new List<RuleSource>();
        var pythonRoots = new List<string>();
        var previousByPath = previous?.Sources.ToDictionary(s => s.Path, StringComparer.Ordinal) ?? [];

        foreach (string directory in directories)
        {
            string root = Path.GetFullPath(directory);
            if (File.Exists(root))
            {
                LoadFile(root, reloadable, previousByPath, sources, errors);
                continue;
            }

            if (!Directory.Exists(root))
            {
                errors.Add(new RuleLoadError(root, null, null, "rule folder does not exist"));
                continue;
            }

            bool hasPython = false;
            foreach (string file in EnumerateRuleFiles(root))
            {
                if (file.EndsWith(".py", StringComparison.OrdinalIgnoreCase))
                {
                    hasPython = true;
                    continue;
                }

                LoadFile(file, reloadable, previousByPath, sources, errors);
            }

            if (hasPython)
            {
                pythonRoots.Add(root);
            }
        }

        return RuleSet.Create(sources, errors, pythonRoots);
    }

    private static IEnumerable<string> EnumerateRuleFiles(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            string[] files;
            string[] children;
            try
            {
                files = Directory.GetFiles(dir);
                children = Directory.GetDirectories(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                string ext = Path.GetExtension(file);
                if (ext.Equals(".csx", StringComparison.OrdinalIgnoreCase) || ext.Equals(".py", StringComparison.OrdinalIgnoreCase)
                    || (ext.Equals(".dll", StringComparison.OrdinalIgnoreCase) && IsPluginEntry(file)))
                {
                    yield return file;
                }
            }

            foreach (string child in children.OrderByDescending(c => c, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// A plugin's entry assembly references Iota.Sdk and has its own .deps.json (or its folder has none): its
    /// dependencies sit beside it and are loaded by its context, not as plugins of their own.
    /// </summary>
    private static bool IsPluginEntry(string dll)
    {
        string deps = Path.ChangeExtension(dll, ".deps.json");
        if (!File.Exists(deps) && Directory.EnumerateFiles(Path.GetDirectoryName(dll)!, "*.deps.json").Any())
        {
            return false;
        }

        try
        {
            using FileStream stream = File.OpenRead(dll);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            MetadataReader md = pe.GetMetadataReader();
            foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
            {
                if (md.GetString(md.GetAssemblyReference(handle).Name) == SdkName)
                {
                    return true;
                }
            }
        }
        catch (BadImageFormatException)
        {
            // Native libraries beside a plugin are not plugins.
        }
        catch (IOException)
        {
            // Vanished or locked mid-scan; the next reload sees it.
        }

        return false;
    }

    private static void LoadFile(string path, bool reloadable, Dictionary<string, RuleSource> previous, List<RuleSource> sources, List<RuleLoadError> errors)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleLoadError(path, null, null, $"cannot read: {ex.Message}"));
            KeepPrevious(path, previous, sources);
            return;
        }

        string fingerprint = Convert.ToHexStringLower(SHA256.HashData(content));
        if (previous.TryGetValue(path, out RuleSource? unchanged) && unchanged.Fingerprint == fingerprint)
        {
            sources.Add(unchanged);
            return;
        }

        RuleSource? loaded = path.EndsWith(".csx", StringComparison.OrdinalIgnoreCase)
            ? LoadCsx(path, content, fingerprint, errors)
            : LoadPlugin(path, reloadable, fingerprint, errors);
        if (loaded is not null)
        {
            sources.Add(loaded);
        }
        else
        {
            KeepPrevious(path, previous, sources);
        }
    }

    private static void KeepPrevious(string path, Dictionary<string, RuleSource> previous, List<RuleSource> sources)
    {
        if (previous.TryGetValue(path, out RuleSource? old))
        {
            sources.Add(old);
        }
    }

    private static RuleSource? LoadCsx(string path, byte[] content, string fingerprint, List<RuleLoadError> errors)
    {
        CsxCompileResult compiled = CsxCompiler.Compile(path, content);
        if (compiled.Image is null)
        {
            errors.AddRange(compiled.Errors);
            return null;
        }

        var context = new AssemblyLoadContext("csx:" + Path.GetFileName(path), isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(compiled.Image));
            List<Rule>? rules = Instantiate(path, assembly, errors);
            if (rules is null)
            {
                context.Unload();
                return null;
            }

            return new RuleSource(path, fingerprint, rules, plugin: null, context);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            context.Unload();
            errors.Add(new RuleLoadError(path, null, null, $"compiled image did not load: {ex.Message}"));
            return null;
        }
    }

    private static RuleSource? LoadPlugin(string path, bool reloadable, string fingerprint, List<RuleLoadError> errors)
    {
        PluginLoader loader = PluginLoader.CreateFromAssemblyFile(path, [typeof(Rule)], config => config.IsUnloadable = reloadable);
        try
        {
            Assembly assembly = loader.LoadDefaultAssembly();
            List<Rule>? rules = Instantiate(path, assembly, errors);
            if (rules is null)
            {
                loader.Dispose();
                return null;
            }

            return new RuleSource(path, fingerprint, rules, loader, context: null);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            loader.Dispose();
            // The runtime's message for a file that is no assembly names the private copy it mapped, not the user's file.
            string reason = ex is BadImageFormatException ? "it is not a .NET assembly this runtime can load" : ex.Message;
            errors.Add(new RuleLoadError(path, null, null, $"plugin did not load: {reason}"));
            return null;
        }
    }

    private static List<Rule>? Instantiate(string path, Assembly assembly, List<RuleLoadError> errors)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            string reason = ex.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message;
            errors.Add(new RuleLoadError(path, null, null, $"types did not load (a missing dependency?): {reason}"));
            return null;
        }

        var rules = new List<Rule>();
        foreach (Type type in types)
        {
            if (type.IsAbstract || !typeof(Rule).IsAssignableFrom(type))
            {
                continue;
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                errors.Add(new RuleLoadError(path, null, null, $"rule {type.Name} needs a public parameterless constructor"));
                continue;
            }

            try
            {
                rules.Add((Rule)Activator.CreateInstance(type)!);
            }
            catch (TargetInvocationException ex)
            {
                errors.Add(new RuleLoadError(path, null, null, $"rule {type.Name} threw in its constructor: {ex.InnerException?.Message}"));
            }
        }

        return rules;
    }
}

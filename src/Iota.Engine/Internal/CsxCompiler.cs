using System.Collections.Immutable;
using System.Security.Cryptography;
using Iota.Sdk;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Iota.Engine.Internal;

/// <summary>
/// Compiles a <c>.csx</c> rule file to an assembly image with Roslyn. Images are cached on disk by a hash of
/// the source, the SDK and the compiler, so an unchanged file is not recompiled on restart.
/// </summary>
internal static class CsxCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private static readonly string[] Usings =
        ["System", "System.Collections.Generic", "System.Linq", "System.Text", "Iota.Sdk"];

    /// <summary>Directory for compiled images: <c>$IOTA_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/iota</c>, else <c>~/.cache/iota</c>.</summary>
    public static string CacheDirectory
    {
        get
        {
            string? explicitDir = Environment.GetEnvironmentVariable("IOTA_CACHE_DIR");
            if (!string.IsNullOrEmpty(explicitDir))
            {
                return Path.Combine(explicitDir, "csx");
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "iota", "csx");
        }
    }

    /// <summary>Compiles a throwaway script so the first real compile does not pay Roslyn's start-up cost.</summary>
    public static void WarmUp()
    {
        SyntaxTree tree = Parse("public sealed class Warm : Rule { public override string Id => \"w\"; public override bool Match(Event e) => e.EventName == \"x\"; }", "warmup.csx");
        using var pe = new MemoryStream();
        CreateCompilation("warmup", tree).Emit(pe);
    }

    /// <summary>Returns the compiled image for <paramref name="path"/>, compiling when the cache has none.</summary>
    public static CsxCompileResult Compile(string path, byte[] source)
    {
        string key = CacheKey(source);
        string cached = Path.Combine(CacheDirectory, key + ".dll");
        if (File.Exists(cached))
        {
            try
            {
                return new CsxCompileResult(File.ReadAllBytes(cached), [], FromCache: true);
            }
            catch (IOException)
            {
                // An unreadable cache entry is just a miss.
            }
        }

        string text = new System.Text.UTF8Encoding(false).GetString(source);
        SyntaxTree tree = Parse(text, path);
        CSharpCompilation compilation = CreateCompilation("csx_" + key[..16], tree);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        var errors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                FileLinePositionSpan span = d.Location.GetLineSpan();
                return new RuleLoadError(path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
                    $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            })
            .ToList();
        if (!result.Success)
        {
            return new CsxCompileResult(null, errors, FromCache: false);
        }

        byte[] image = pe.ToArray();
        TryWriteCache(cached, image);
        return new CsxCompileResult(image, [], FromCache: false);
    }

    private static SyntaxTree Parse(string text, string path) =>
        CSharpSyntaxTree.ParseText(text,
            CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest),
            path);

    private static CSharpCompilation CreateCompilation(string name, SyntaxTree tree) =>
        CSharpCompilation.CreateScriptCompilation(
            name,
            tree,
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                usings: Usings,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                metadataReferenceResolver: new SdkReferenceResolver(),
                sourceReferenceResolver: null));

    private static string CacheKey(byte[] source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(source);
        hash.AppendData(typeof(Rule).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        hash.AppendData(typeof(CSharpCompilation).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void TryWriteCache(string path, byte[] image)
    {
        string temp = path + "." + Environment.ProcessId + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (FileSystemFailure.Is(ex))
        {
            // The cache is an optimisation; a read-only home directory or a full disk must not stop rules from
            // loading, nor leave half an image behind.
            FileSystemFailure.TryDelete(temp);
        }
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        string tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        foreach (string file in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib" or "Microsoft.CSharp")
            {
                builder.Add(MetadataReference.CreateFromFile(file));
            }
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(Rule).Assembly.Location));
        return builder.ToImmutable();
    }

    /// <summary>
    /// Lets a rule file carry <c>#r "…/Iota.Sdk.dll"</c> for editor IntelliSense: that reference always binds to
    /// the host's SDK, whatever path it names. Other <c>#r</c> directives are not supported in rule files.
    /// </summary>
    private sealed class SdkReferenceResolver : MetadataReferenceResolver
    {
        public override bool Equals(object? other) => other is SdkReferenceResolver;

        public override int GetHashCode() => 1;

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
        {
            string name = Path.GetFileNameWithoutExtension(reference.Trim());
            return string.Equals(name, "Iota.Sdk", StringComparison.OrdinalIgnoreCase)
                ? [MetadataReference.CreateFromFile(typeof(Rule).Assembly.Location, properties)]
                : [];
        }
    }
}

/// <summary>The compiled image, or the errors that prevented it.</summary>
internal sealed record CsxCompileResult(byte[]? Image, IReadOnlyList<RuleLoadError> Errors, bool FromCache);

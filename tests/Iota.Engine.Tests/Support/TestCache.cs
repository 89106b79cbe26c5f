using System.Runtime.CompilerServices;

namespace Iota.Engine.Tests.Support;

/// <summary>
/// Points IOTA_CACHE_DIR at a directory of this test run before any test compiles a .csx, so compiled images
/// never land in (or come from) the user's cache. Set once per process: the variable is process-wide.
/// </summary>
internal static class TestCache
{
    public static string Directory { get; private set; } = "";

#pragma warning disable CA2255 // Set before any test runs, whatever test runs first; this is a test assembly, not a library.
    [ModuleInitializer]
    internal static void Initialize()
#pragma warning restore CA2255
    {
        Directory = Path.Combine(Path.GetTempPath(), "iota-engine-tests-cache-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("IOTA_CACHE_DIR", Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover cache in the temp folder harms nothing.
            }
        };
    }
}

using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Iota.Aws.Lake;
using Iota.Pipeline.Lake;

namespace Iota.Cli.Internal;

/// <summary>The <c>--lake DIR|s3://bucket/prefix</c> option and the store and staging folder it names.</summary>
internal static class LakeLocation
{
    public static Option<string?> Option(string description) => new("--lake") { Description = description };

    /// <summary>Why there is no lake to read at <paramref name="lake"/> (a local folder that does not exist), or null.</summary>
    public static string? Absent(string lake) => IsS3(lake) || Directory.Exists(lake)
        ? null
        : $"no lake at {Path.GetFullPath(lake)}; write one with `iota run PATH --lake {lake}` or pass --lake";

    /// <summary>A local folder, or an S3 bucket and prefix (credentials from the default chain, AWS_ENDPOINT_URL honoured).</summary>
    public static ILakeStore OpenStore(string lake) => IsS3(lake)
        ? S3LakeStore.Open(lake, Path.Combine(Path.GetTempPath(), "iota-lake-cache"))
        : new LocalLakeStore(lake);

    /// <summary>
    /// Where rows are staged before they become lake files: inside a local lake, or beside the state (or under the
    /// temp folder, keyed by the bucket and prefix) for S3.
    /// </summary>
    public static string StagingDirectory(string lake, string? state)
    {
        if (!IsS3(lake))
        {
            return Path.Combine(Path.GetFullPath(lake), ".staging");
        }

        string id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lake)))[..16];
        return state is not null
            ? Path.Combine(state, "lake-staging", id)
            : Path.Combine(Path.GetTempPath(), "iota-lake-staging", id);
    }

    private static bool IsS3(string lake) => lake.StartsWith("s3://", StringComparison.Ordinal);
}

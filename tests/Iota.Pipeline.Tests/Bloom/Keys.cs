using System.Text;

namespace Iota.Pipeline.Tests.Bloom;

/// <summary>Distinct UTF-8 keys shaped like CloudTrail eventIDs, numbered so tests can tell sets apart.</summary>
internal static class Keys
{
    public static byte[] Inserted(int i) => Encoding.UTF8.GetBytes($"0b1c2d3e-{i:D8}-4a5b-8c9d-inserted0000");

    public static byte[] Fresh(int i) => Encoding.UTF8.GetBytes($"0b1c2d3e-{i:D8}-4a5b-8c9d-neverseen000");
}

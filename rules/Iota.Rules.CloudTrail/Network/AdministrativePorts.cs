using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Network;

/// <summary>
/// Ports whose exposure to the internet is an incident rather than a design: remote shells and desktops, file
/// sharing, databases and caches that ship without authentication by default.
/// </summary>
internal static class AdministrativePorts
{
    /// <summary>Returned when a rule covers every port (protocol -1/all, or a full 0-65535 range).</summary>
    public const int AllPorts = -1;

    /// <summary>Returned when a rule reaches none of <see cref="Ports"/>.</summary>
    public const int None = 0;

    // SSH, Telnet, SMB, SQL Server, MySQL, RDP, PostgreSQL, WinRM (HTTP and HTTPS), Redis, Elasticsearch, MongoDB.
    private static readonly int[] Ports = [22, 23, 445, 1433, 3306, 3389, 5432, 5985, 5986, 6379, 9200, 27017];

    /// <summary>
    /// The first administrative port a rule with this protocol and port range reaches, <see cref="AllPorts"/>, or
    /// <see cref="None"/>. ICMP has no ports and is never administrative.
    /// </summary>
    public static int FirstReached(JsonField protocol, JsonField fromPort, JsonField toPort)
    {
        if (protocol.IsOneOf("-1", "all"))
        {
            return AllPorts;
        }

        if (!protocol.IsOneOf("tcp", "udp", "6", "17"))
        {
            return None;
        }

        long from = fromPort.AsInt64() ?? 0;
        long to = toPort.AsInt64() ?? 65535;
        if (from <= 0 && to >= 65535)
        {
            return AllPorts;
        }

        foreach (int port in Ports)
        {
            if (from <= port && port <= to)
            {
                return port;
            }
        }

        return None;
    }

    /// <summary>"port 22" or "all ports", for titles.</summary>
    public static string Describe(int port) => port == AllPorts ? "all ports" : $"port {port}";
}

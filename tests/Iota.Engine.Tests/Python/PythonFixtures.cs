using System.Text;
using System.Text.Json;
using Iota.Engine.Python;

namespace Iota.Engine.Tests.Python;

/// <summary>Paths and events shared by the Python host tests; every host gets its own temp state.</summary>
internal static class PythonFixtures
{
    public const string CloudTrail = "AWS.CloudTrail";

    public static string IotaRules => Path.Combine(AppContext.BaseDirectory, "Fixtures", "python", "iota_rules");

    public static string PantherRules => Path.Combine(AppContext.BaseDirectory, "Fixtures", "python", "panther_rules");

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "iota-python-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static PythonRuleHostOptions Options(string stateDirectory, params string[] ruleDirectories) => new()
    {
        RuleDirectories = ruleDirectories,
        CacheDatabasePath = Path.Combine(stateDirectory, "python-cache.db"),
        WorkerCount = 1,
    };

    public static (ReadOnlyMemory<byte> EventUtf8, string LogType) Event(object value, string logType = CloudTrail) =>
        (JsonSerializer.SerializeToUtf8Bytes(value), logType);

    public static (ReadOnlyMemory<byte> EventUtf8, string LogType) RawEvent(string json, string logType = CloudTrail) =>
        (Encoding.UTF8.GetBytes(json), logType);

    /// <summary>A root console login; root_console_login matches it whatever marker it also carries.</summary>
    public static Dictionary<string, object?> RootLogin(string? marker = null)
    {
        var result = new Dictionary<string, object?>
        {
            ["eventName"] = "ConsoleLogin",
            ["sourceIPAddress"] = "203.0.113.9",
            ["userIdentity"] = new Dictionary<string, object?> { ["type"] = "Root", ["arn"] = "arn:aws:iam::123456789012:root" },
            ["additionalEventData"] = new Dictionary<string, object?> { ["MFAUsed"] = "No" },
            ["resources"] = new object[]
            {
                new Dictionary<string, object?> { ["ARN"] = "arn:one", ["type"] = "AWS::IAM::User" },
                new Dictionary<string, object?> { ["ARN"] = "arn:two" },
            },
        };
        if (marker is not null)
        {
            result["iotaMarker"] = marker;
        }

        return result;
    }

    /// <summary>An event no fixture rule matches unless the marker makes one.</summary>
    public static Dictionary<string, object?> Quiet(string marker) => new()
    {
        ["eventName"] = "DescribeInstances",
        ["iotaMarker"] = marker,
    };

    public static JsonElement Json(string? text) => JsonDocument.Parse(text ?? "null").RootElement;
}

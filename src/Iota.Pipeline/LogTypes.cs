namespace Iota.Pipeline;

/// <summary>The log types the classifier assigns.</summary>
public static class LogTypes
{
    /// <summary>AWS CloudTrail records, from log files, EventBridge envelopes or JSON lines.</summary>
    public const string CloudTrail = "AWS.CloudTrail";

    /// <summary>JSON objects that no parser recognises. Kept and counted; no bundled rule reads them.</summary>
    public const string Unknown = "Unknown";

    /// <summary>The lake table name of a log type: <c>AWS.CloudTrail</c> becomes <c>aws_cloudtrail</c>.</summary>
    public static string TableName(string logType) => logType.Replace('.', '_').ToLowerInvariant();
}

namespace Iota.Cli.Serve;

/// <summary>Where <c>iota serve</c> reads CloudTrail from.</summary>
internal enum ServeMode
{
    /// <summary>S3 event notifications on SQS, direct or SNS-wrapped.</summary>
    Sqs,

    /// <summary>EventBridge "AWS API Call via CloudTrail" envelopes on SQS.</summary>
    EventBridge,

    /// <summary>ListObjectsV2 over a bucket and prefix on an interval.</summary>
    S3Poll,

    /// <summary>A local folder.</summary>
    Watch,
}

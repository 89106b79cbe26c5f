using Microsoft.Extensions.Logging;

namespace Iota.Aws.Sources.Internal;

/// <summary>The sources' log events: structured, so message ids and keys can be searched for.</summary>
internal static partial class SourceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "{Source}: {Error}")]
    public static partial void InputError(ILogger logger, string source, string error);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Processed {Source}: {Events} events, {Duplicates} duplicates, {Alerts} new alerts")]
    public static partial void UnitProcessed(ILogger logger, string source, int events, int duplicates, int alerts);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Receiving from {QueueUrl} failed; retrying in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception error, string queueUrl, TimeSpan delay);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Message {MessageId} failed on receive {ReceiveCount} of {MaxReceives}; it stays in the queue and is retried: {Error}")]
    public static partial void MessageFailed(ILogger logger, string messageId, int receiveCount, int maxReceives, string error);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "Message {MessageId} was received {ReceiveCount} times (--max-receives {MaxReceives}); not processing it again, leaving it for the queue's dead-letter (redrive) policy")]
    public static partial void MessageLeftForDeadLetter(ILogger logger, string messageId, int receiveCount, int maxReceives);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Message {MessageId} is an s3:TestEvent; deleted")]
    public static partial void TestEventIgnored(ILogger logger, string messageId);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Deleting message {MessageId} failed ({Error}); it will be received again and its units are already committed")]
    public static partial void DeleteFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "Extending the visibility of message {MessageId} failed: {Error}")]
    public static partial void ExtendFailed(ILogger logger, string messageId, string error);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "Message {MessageId} processed and deleted: {Units} units")]
    public static partial void MessageDone(ILogger logger, string messageId, int units);

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "Polling s3://{Bucket}/{Prefix} failed; retrying at the next interval")]
    public static partial void PollFailed(ILogger logger, Exception error, string bucket, string prefix);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Polled s3://{Bucket}/{Prefix}: {Objects} new objects processed")]
    public static partial void Polled(ILogger logger, string bucket, string prefix, int objects);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "s3://{Bucket}/{Key} failed; the poll resumes from it next time: {Error}")]
    public static partial void PolledObjectFailed(ILogger logger, string bucket, string key, string error);
}

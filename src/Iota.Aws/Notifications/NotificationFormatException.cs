namespace Iota.Aws.Notifications;

/// <summary>A queue message body that is none of the notification shapes Iota reads.</summary>
public sealed class NotificationFormatException : FormatException
{
    public NotificationFormatException()
    {
    }

    public NotificationFormatException(string message)
        : base(message)
    {
    }

    public NotificationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NotificationFormatException(string messageId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        MessageId = messageId;
    }

    /// <summary>The SQS message id, so the message can be found (or dead-lettered) by the operator.</summary>
    public string? MessageId { get; }
}

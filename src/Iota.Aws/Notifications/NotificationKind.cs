namespace Iota.Aws.Notifications;

public enum NotificationKind
{
    /// <summary>An S3 event notification, direct or inside an SNS envelope.</summary>
    S3Objects,

    /// <summary>The <c>s3:TestEvent</c> S3 sends when a notification is configured; nothing to process.</summary>
    S3TestEvent,

    /// <summary>One or more EventBridge envelopes carrying CloudTrail records in <c>detail</c>.</summary>
    CloudTrailEvents,
}

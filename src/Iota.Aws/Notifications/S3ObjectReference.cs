namespace Iota.Aws.Notifications;

/// <summary>One object an S3 event notification announced.</summary>
/// <param name="Key">Decoded: S3 sends keys form-encoded (<c>+</c> for space, then percent-escapes).</param>
/// <param name="Size">Absent for removal events.</param>
/// <param name="EventName">For example <c>ObjectCreated:Put</c>; callers decide which events they act on.</param>
public sealed record S3ObjectReference(
    string Bucket,
    string Key,
    long? Size,
    string? ETag,
    string? VersionId,
    string EventName);

using System.Runtime.CompilerServices;

namespace Iota.Sdk.Internal;

/// <summary>
/// CloudTrail fields that dispatch and most rules read on every event. Their token positions are recorded once per
/// event, while its index is still in cache, so the typed accessors on <see cref="Event"/> are a table lookup, not a
/// scan over members whose names are no longer in cache when rules run. <see cref="Lookup"/> maps top-level names.
/// </summary>
internal static class KnownField
{
    public const int EventName = 0;
    public const int EventSource = 1;
    public const int EventId = 2;
    public const int EventTime = 3;
    public const int AwsRegion = 4;
    public const int SourceIpAddress = 5;
    public const int UserAgent = 6;
    public const int RecipientAccountId = 7;
    public const int ErrorCode = 8;
    public const int UserIdentity = 9;
    public const int RequestParameters = 10;
    public const int ResponseElements = 11;
    public const int ErrorMessage = 12;

    /// <summary><c>userIdentity.type</c>: not top-level, but read on every event (root and AWS-service checks).</summary>
    public const int UserIdentityType = 13;

    /// <summary>An EventBridge envelope's <c>detail-type</c> and <c>detail</c>, which readers look up on every record.</summary>
    public const int DetailType = 14;
    public const int Detail = 15;
    public const int Count = 16;

    // Called for every top-level member of every event while indexing: optimized from the first call (see AppendValue).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Lookup(ReadOnlySpan<byte> name) => name.Length switch
    {
        7 when name.SequenceEqual("eventID"u8) => EventId,
        9 when name.SequenceEqual("eventName"u8) => EventName,
        9 when name.SequenceEqual("eventTime"u8) => EventTime,
        9 when name.SequenceEqual("awsRegion"u8) => AwsRegion,
        9 when name.SequenceEqual("userAgent"u8) => UserAgent,
        9 when name.SequenceEqual("errorCode"u8) => ErrorCode,
        11 when name.SequenceEqual("eventSource"u8) => EventSource,
        11 when name.SequenceEqual("detail-type"u8) => DetailType,
        6 when name.SequenceEqual("detail"u8) => Detail,
        12 when name.SequenceEqual("userIdentity"u8) => UserIdentity,
        12 when name.SequenceEqual("errorMessage"u8) => ErrorMessage,
        15 when name.SequenceEqual("sourceIPAddress"u8) => SourceIpAddress,
        17 when name.SequenceEqual("requestParameters"u8) => RequestParameters,
        16 when name.SequenceEqual("responseElements"u8) => ResponseElements,
        18 when name.SequenceEqual("recipientAccountId"u8) => RecipientAccountId,
        _ => -1,
    };
}

using System.Text;
using System.Text.Json;
using Iota.Sdk.Internal;

namespace Iota.Sdk;

/// <summary>
/// One log event (for CloudTrail, one record) as a zero-copy view over its original UTF-8 bytes. Fields are
/// read through dotted paths or the typed CloudTrail accessors; nothing is parsed into objects or strings
/// unless a rule asks for one. Valid only while the engine's batch is being evaluated: do not store it.
/// </summary>
public readonly struct Event
{
    private readonly EventBuffer _buffer;
    private readonly int _index;

    internal Event(EventBuffer buffer, int index)
    {
        _buffer = buffer;
        _index = index;
    }

    /// <summary>The event's root object.</summary>
    public JsonField Root => new(_buffer, _buffer.RootOf(_index));

    /// <summary>The value at a dotted path (<c>userIdentity.sessionContext.attributes.mfaAuthenticated</c>).</summary>
    public JsonField this[string path] => Root.Get(path);

    /// <summary>The value at a dotted path.</summary>
    public JsonField Get(string path) => Root.Get(path);

    /// <summary>The value at a dotted path given as UTF-8 (<c>"requestParameters.userName"u8</c>).</summary>
    public JsonField Get(ReadOnlySpan<byte> utf8Path) => Root.Get(utf8Path);

    /// <summary>The event's original JSON text.</summary>
    public ReadOnlySpan<byte> Utf8 => Root.RawJson;

    /// <summary><c>eventName</c>, e.g. <c>ConsoleLogin</c>.</summary>
    public JsonField EventName => Known(KnownField.EventName);

    /// <summary><c>eventSource</c>, e.g. <c>signin.amazonaws.com</c>.</summary>
    public JsonField EventSource => Known(KnownField.EventSource);

    /// <summary><c>eventID</c>: CloudTrail's unique id for the record.</summary>
    public JsonField EventId => Known(KnownField.EventId);

    /// <summary><c>eventTime</c> parsed as UTC, or null when absent or malformed.</summary>
    public DateTimeOffset? EventTime => Known(KnownField.EventTime).AsDateTimeOffset();

    /// <summary><c>awsRegion</c>.</summary>
    public JsonField AwsRegion => Known(KnownField.AwsRegion);

    /// <summary><c>sourceIPAddress</c> (an IP, or a service name for calls made by AWS services).</summary>
    public JsonField SourceIpAddress => Known(KnownField.SourceIpAddress);

    /// <summary><c>userAgent</c>.</summary>
    public JsonField UserAgent => Known(KnownField.UserAgent);

    /// <summary><c>recipientAccountId</c>: the account the event belongs to.</summary>
    public JsonField RecipientAccountId => Known(KnownField.RecipientAccountId);

    /// <summary><c>errorCode</c>; missing when the call succeeded.</summary>
    public JsonField ErrorCode => Known(KnownField.ErrorCode);

    /// <summary><c>errorMessage</c>.</summary>
    public JsonField ErrorMessage => Known(KnownField.ErrorMessage);

    /// <summary><c>requestParameters</c>.</summary>
    public JsonField RequestParameters => Known(KnownField.RequestParameters);

    /// <summary><c>responseElements</c>.</summary>
    public JsonField ResponseElements => Known(KnownField.ResponseElements);

    /// <summary>The <c>userIdentity</c> block with typed accessors.</summary>
    public UserIdentity UserIdentity => new(Known(KnownField.UserIdentity), Known(KnownField.UserIdentityType));

    /// <summary>True when the call failed (it has an <c>errorCode</c>).</summary>
    public bool IsError => !ErrorCode.IsNullOrEmpty;

    /// <summary>Parses a JSON object into a standalone event; for tests and tools, not the hot path.</summary>
    /// <exception cref="FormatException">The text is not a JSON object.</exception>
    public static Event Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>Parses UTF-8 JSON bytes into a standalone event; for tests and tools, not the hot path.</summary>
    /// <exception cref="FormatException">The bytes are not a JSON object.</exception>
    public static Event Parse(ReadOnlyMemory<byte> utf8)
    {
        var buffer = new EventBuffer();
        buffer.Reset(utf8);
        var reader = new Utf8JsonReader(utf8.Span);
        JsonField root;
        try
        {
            root = buffer.AppendValue(ref reader);
            if (reader.Read())
            {
                throw new JsonException("Unexpected content after the JSON value.");
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not a JSON event: {ex.Message}", ex);
        }

        if (root.Kind != JsonFieldKind.Object)
        {
            throw new FormatException($"An event must be a JSON object, not {root.Kind}.");
        }

        return buffer[buffer.AddEvent(root)];
    }

    /// <summary>The event's JSON text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Utf8);

    private JsonField Known(int field) => new(_buffer, _buffer.KnownToken(_index, field));
}

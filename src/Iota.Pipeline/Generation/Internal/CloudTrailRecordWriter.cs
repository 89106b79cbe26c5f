using System.Globalization;
using System.Text.Json;

namespace Iota.Pipeline.Generation.Internal;

/// <summary>
/// Writes CloudTrail records for one account and region straight into a <see cref="Utf8JsonWriter"/>, in the
/// field order CloudTrail uses. Every varying value (ids, keys, object names) comes from the seeded
/// <see cref="Random"/>, so the same seed gives the same bytes. The catalogs of what gets written are in
/// the Benign and Risky parts of this class; this part holds the envelope every record shares.
/// </summary>
internal sealed partial class CloudTrailRecordWriter
{
    private readonly Utf8JsonWriter _json;
    private readonly Random _random;
    private readonly CorpusAccount _account;
    private readonly string _region;
    private readonly bool _isGlobalRegion;
    private readonly string _keyArn;

    public CloudTrailRecordWriter(Utf8JsonWriter json, Random random, CorpusAccount account, string region)
    {
        _json = json;
        _random = random;
        _account = account;
        _region = region;
        // Global services (IAM, sign-in, Organizations, ListBuckets) are recorded in us-east-1 only.
        _isGlobalRegion = region == "us-east-1";
        _keyArn = $"arn:aws:kms:{region}:{account.AccountId}:{account.KeyArnSuffix}";
    }

    private void Begin(CorpusPrincipal who, DateTime time, string eventSource, string eventName, string? userAgent = null)
    {
        _json.WriteStartObject();
        _json.WriteString("eventVersion"u8, "1.09"u8);
        WriteIdentity(who, time);
        _json.WriteString("eventTime"u8, time);
        _json.WriteString("eventSource"u8, eventSource);
        _json.WriteString("eventName"u8, eventName);
        _json.WriteString("awsRegion"u8, _region);
        _json.WriteString("sourceIPAddress"u8, who.SourceIp);
        _json.WriteString("userAgent"u8, userAgent ?? who.UserAgent);
    }

    private void WriteIdentity(CorpusPrincipal who, DateTime time)
    {
        _json.WriteStartObject("userIdentity"u8);
        switch (who.Kind)
        {
            case CorpusPrincipalKind.AwsService:
                _json.WriteString("type"u8, "AWSService"u8);
                _json.WriteString("invokedBy"u8, who.ServiceHost);
                break;
            case CorpusPrincipalKind.IamUser:
                _json.WriteString("type"u8, "IAMUser"u8);
                WritePrincipalIds(who);
                if (who.Console)
                {
                    WriteTemporaryAccessKeyId();
                    _json.WriteString("userName"u8, who.Name);
                    WriteSessionContext(who, time, issuer: false);
                }
                else
                {
                    _json.WriteString("accessKeyId"u8, who.LongTermAccessKeyId);
                    _json.WriteString("userName"u8, who.Name);
                }

                break;
            case CorpusPrincipalKind.AssumedRole:
                _json.WriteString("type"u8, "AssumedRole"u8);
                WritePrincipalIds(who);
                WriteTemporaryAccessKeyId();
                WriteSessionContext(who, time, issuer: true);
                break;
            case CorpusPrincipalKind.Root:
                _json.WriteString("type"u8, "Root"u8);
                WritePrincipalIds(who);
                WriteTemporaryAccessKeyId();
                WriteSessionContext(who, time, issuer: false);
                break;
        }

        _json.WriteEndObject();
    }

    private void WritePrincipalIds(CorpusPrincipal who)
    {
        _json.WriteString("principalId"u8, who.PrincipalId);
        _json.WriteString("arn"u8, who.Arn);
        _json.WriteString("accountId"u8, who.AccountId);
    }

    private void WriteTemporaryAccessKeyId()
    {
        Span<char> key = stackalloc char[RandomIds.AccessKeyIdLength];
        RandomIds.AccessKeyId(_random, "ASIA", key);
        _json.WriteString("accessKeyId"u8, key);
    }

    private void WriteSessionContext(CorpusPrincipal who, DateTime time, bool issuer)
    {
        _json.WriteStartObject("sessionContext"u8);
        _json.WriteStartObject("sessionIssuer"u8);
        if (issuer)
        {
            _json.WriteString("type"u8, "Role"u8);
            _json.WriteString("principalId"u8, who.RoleId);
            _json.WriteString("arn"u8, who.RoleArn);
            _json.WriteString("accountId"u8, who.AccountId);
            _json.WriteString("userName"u8, who.Name);
        }

        _json.WriteEndObject();
        _json.WriteStartObject("webIdFederationData"u8);
        _json.WriteEndObject();
        _json.WriteStartObject("attributes"u8);
        // Sessions start on the hour, so a session never appears to begin after the call it makes.
        _json.WriteString("creationDate"u8, new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc));
        _json.WriteString("mfaAuthenticated"u8, who.MfaAuthenticated ? "true"u8 : "false"u8);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteError(string errorCode, string errorMessage)
    {
        _json.WriteString("errorCode"u8, errorCode);
        _json.WriteString("errorMessage"u8, errorMessage);
    }

    /// <summary>Writes requestID (a UUID, or an S3-style id), eventID and readOnly.</summary>
    private void WriteIds(bool readOnly, bool s3RequestId = false)
    {
        Span<char> id = stackalloc char[RandomIds.UuidLength];
        if (s3RequestId)
        {
            RandomIds.S3RequestId(_random, id);
            _json.WriteString("requestID"u8, id[..RandomIds.S3RequestIdLength]);
        }
        else
        {
            RandomIds.Uuid(_random, id);
            _json.WriteString("requestID"u8, id);
        }

        WriteEventIdAndReadOnly(readOnly);
    }

    /// <summary>For EC2 calls, whose responseElements repeat the requestID.</summary>
    private void WriteIds(ReadOnlySpan<char> requestId, bool readOnly)
    {
        _json.WriteString("requestID"u8, requestId);
        WriteEventIdAndReadOnly(readOnly);
    }

    private void WriteEventIdAndReadOnly(bool readOnly)
    {
        Span<char> id = stackalloc char[RandomIds.UuidLength];
        RandomIds.Uuid(_random, id);
        _json.WriteString("eventID"u8, id);
        _json.WriteBoolean("readOnly"u8, readOnly);
    }

    private void WriteSingleResource(string type, string arn)
    {
        _json.WriteStartArray("resources"u8);
        WriteResource(type, arn);
        _json.WriteEndArray();
    }

    private void WriteResource(string type, ReadOnlySpan<char> arn)
    {
        _json.WriteStartObject();
        _json.WriteString("accountId"u8, _account.AccountId);
        _json.WriteString("type"u8, type);
        _json.WriteString("ARN"u8, arn);
        _json.WriteEndObject();
    }

    /// <summary>
    /// Closes a record. <paramref name="tlsHost"/> null means the regional endpoint of the event source;
    /// AWS services calling on their own behalf carry no tlsDetails, so they pass <paramref name="tls"/> false.
    /// </summary>
    private void End(
        CorpusPrincipal who,
        string eventSource,
        bool data = false,
        bool tls = true,
        string? tlsHost = null,
        string eventType = "AwsApiCall")
    {
        _json.WriteString("eventType"u8, eventType);
        _json.WriteBoolean("managementEvent"u8, !data);
        _json.WriteString("recipientAccountId"u8, _account.AccountId);
        _json.WriteString("eventCategory"u8, data ? "Data"u8 : "Management"u8);
        if (tls && who.Kind != CorpusPrincipalKind.AwsService)
        {
            _json.WriteStartObject("tlsDetails"u8);
            var modern = who.Console || _random.Next(2) == 0;
            _json.WriteString("tlsVersion"u8, modern ? "TLSv1.3"u8 : "TLSv1.2"u8);
            _json.WriteString("cipherSuite"u8, modern ? "TLS_AES_128_GCM_SHA256"u8 : "ECDHE-RSA-AES128-GCM-SHA256"u8);
            if (tlsHost is not null)
            {
                _json.WriteString("clientProvidedHostHeader"u8, tlsHost);
            }
            else
            {
                Span<char> host = stackalloc char[96];
                var service = eventSource.AsSpan(0, eventSource.IndexOf('.', StringComparison.Ordinal));
                host.TryWrite(CultureInfo.InvariantCulture, $"{service}.{_region}.amazonaws.com", out var written);
                _json.WriteString("clientProvidedHostHeader"u8, host[..written]);
            }

            _json.WriteEndObject();
        }

        if (who.Console && eventType == "AwsApiCall")
        {
            _json.WriteString("sessionCredentialFromConsole"u8, "true"u8);
        }

        _json.WriteEndObject();
    }

    private T Pick<T>(T[] choices) => choices[_random.Next(choices.Length)];
}

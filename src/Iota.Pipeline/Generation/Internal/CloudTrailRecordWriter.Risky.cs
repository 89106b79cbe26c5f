using System.Globalization;

namespace Iota.Pipeline.Generation.Internal;

/// <summary>
/// The thin tail of risky management events: the things detections exist for (trail and detector
/// tampering, public exposure, privilege grants, key destruction, suspicious sign-ins, denied probing,
/// offensive tooling), in the same shapes as the hand-written records under samples/.
/// </summary>
internal sealed partial class CloudTrailRecordWriter
{
    private const int RegionalRiskyKinds = 13;
    private const int GlobalRiskyKinds = 7;
    private const string AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

    /// <summary>Writes one risky record; global-service ones only where the region is us-east-1.</summary>
    public void WriteRisky(DateTime time)
    {
        var who = _account.Intruder;
        var roll = _random.Next(_isGlobalRegion ? RegionalRiskyKinds + GlobalRiskyKinds : RegionalRiskyKinds);
        switch (roll)
        {
            case 0: WriteTrailChange(who, time, "StopLogging"); break;
            case 1: WriteTrailChange(who, time, "DeleteTrail"); break;
            case 2: WriteDeleteDetector(who, time); break;
            case 3: WritePublicBucketPolicy(who, time); break;
            case 4: WriteOpenSsh(who, time); break;
            case 5: WriteKeyChange(who, time, "ScheduleKeyDeletion"); break;
            case 6: WriteKeyChange(who, time, "DisableKey"); break;
            case 7: WritePublicSnapshot(who, time); break;
            case 8: WriteBucketProtectionChange(who, time, "DeleteBucketEncryption"); break;
            case 9: WriteBucketProtectionChange(who, time, "PutBucketVersioning"); break;
            case 10: WriteBucketProtectionChange(who, time, "DeleteBucketPublicAccessBlock"); break;
            case 11: WriteDeniedDescribe(who, time); break;
            case 12: WriteOffensiveToolCall(who, time); break;
            case 13: WriteConsoleLogin(_account.Root, time, mfaUsed: true, success: true); break;
            case 14: WriteConsoleLogin(_account.ConsoleUser, time, mfaUsed: false, success: true); break;
            case 15: WriteConsoleLogin(_account.ConsoleUser, time, mfaUsed: false, success: false); break;
            case 16: WriteCreateAccessKeyForAnotherUser(who, time); break;
            case 17: WriteAdministratorAttach(who, time, "AttachUserPolicy", "userName", "contractor-temp"); break;
            case 18: WriteAdministratorAttach(who, time, "AttachRolePolicy", "roleName", "orders-service-task"); break;
            default: WriteLeaveOrganization(who, time); break;
        }
    }

    private void WriteTrailChange(CorpusPrincipal who, DateTime time, string eventName)
    {
        Begin(who, time, "cloudtrail.amazonaws.com", eventName);
        Span<char> trail = stackalloc char[128];
        trail.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:cloudtrail:{_region}:{_account.AccountId}:trail/management-events", out var written);
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("name"u8, trail[..written]);
        _json.WriteEndObject();
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: false);
        End(who, "cloudtrail.amazonaws.com");
    }

    private void WriteDeleteDetector(CorpusPrincipal who, DateTime time)
    {
        Begin(who, time, "guardduty.amazonaws.com", "DeleteDetector");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("detectorId"u8, "6ec8a1f0b2d34e5f8a9b0c1d2e3f4a5b"u8);
        _json.WriteEndObject();
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: false);
        End(who, "guardduty.amazonaws.com");
    }

    private void BeginBucketCall(CorpusPrincipal who, DateTime time, string eventName, string bucket, Span<char> host, out int hostLength)
    {
        host.TryWrite(CultureInfo.InvariantCulture, $"{bucket}.s3.{_region}.amazonaws.com", out hostLength);
        Begin(who, time, "s3.amazonaws.com", eventName);
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("bucketName"u8, bucket);
        _json.WriteString("Host"u8, host[..hostLength]);
    }

    private void EndBucketCall(CorpusPrincipal who, string bucket, ReadOnlySpan<char> host)
    {
        _json.WriteEndObject();
        _json.WriteNull("responseElements"u8);
        _json.WriteStartObject("additionalEventData"u8);
        _json.WriteString("SignatureVersion"u8, "SigV4"u8);
        _json.WriteString("CipherSuite"u8, "TLS_AES_128_GCM_SHA256"u8);
        _json.WriteNumber("bytesTransferredIn"u8, 0);
        _json.WriteString("AuthenticationMethod"u8, "AuthHeader"u8);
        _json.WriteNumber("bytesTransferredOut"u8, 0);
        _json.WriteEndObject();
        WriteIds(readOnly: false, s3RequestId: true);
        WriteSingleResource("AWS::S3::Bucket", "arn:aws:s3:::" + bucket);
        End(who, "s3.amazonaws.com", tlsHost: host.ToString());
    }

    private void WritePublicBucketPolicy(CorpusPrincipal who, DateTime time)
    {
        var bucket = _account.Buckets[1];
        Span<char> host = stackalloc char[96];
        BeginBucketCall(who, time, "PutBucketPolicy", bucket, host, out var hostLength);
        _json.WriteStartObject("bucketPolicy"u8);
        _json.WriteString("Version"u8, "2012-10-17"u8);
        _json.WriteStartArray("Statement"u8);
        _json.WriteStartObject();
        _json.WriteString("Sid"u8, "PublicRead"u8);
        _json.WriteString("Effect"u8, "Allow"u8);
        _json.WriteString("Principal"u8, "*"u8);
        _json.WriteString("Action"u8, "s3:GetObject"u8);
        _json.WriteString("Resource"u8, "arn:aws:s3:::" + bucket + "/*");
        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteString("policy"u8, ""u8);
        EndBucketCall(who, bucket, host[..hostLength]);
    }

    private void WriteBucketProtectionChange(CorpusPrincipal who, DateTime time, string eventName)
    {
        var bucket = _account.Buckets[1];
        Span<char> host = stackalloc char[96];
        BeginBucketCall(who, time, eventName, bucket, host, out var hostLength);
        switch (eventName)
        {
            case "DeleteBucketEncryption":
                _json.WriteString("encryption"u8, ""u8);
                break;
            case "PutBucketVersioning":
                _json.WriteString("versioning"u8, ""u8);
                _json.WriteStartObject("VersioningConfiguration"u8);
                _json.WriteString("Status"u8, "Suspended"u8);
                _json.WriteString("xmlns"u8, "http://s3.amazonaws.com/doc/2006-03-01/"u8);
                _json.WriteEndObject();
                break;
            default:
                _json.WriteString("publicAccessBlock"u8, ""u8);
                break;
        }

        EndBucketCall(who, bucket, host[..hostLength]);
    }

    private void WriteOpenSsh(CorpusPrincipal who, DateTime time)
    {
        Begin(who, time, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("groupId"u8, "sg-0a11b22c33d44e55f"u8);
        _json.WriteStartObject("ipPermissions"u8);
        _json.WriteStartArray("items"u8);
        _json.WriteStartObject();
        _json.WriteString("ipProtocol"u8, "tcp"u8);
        _json.WriteNumber("fromPort"u8, 22);
        _json.WriteNumber("toPort"u8, 22);
        _json.WriteStartObject("groups"u8);
        _json.WriteEndObject();
        _json.WriteStartObject("ipRanges"u8);
        _json.WriteStartArray("items"u8);
        _json.WriteStartObject();
        _json.WriteString("cidrIp"u8, "0.0.0.0/0"u8);
        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteStartObject("ipv6Ranges"u8);
        _json.WriteEndObject();
        _json.WriteStartObject("prefixListIds"u8);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndEc2ReturnTrue(who);
    }

    private void WritePublicSnapshot(CorpusPrincipal who, DateTime time)
    {
        Begin(who, time, "ec2.amazonaws.com", "ModifySnapshotAttribute");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("snapshotId"u8, "snap-0c1d2e3f4a5b6c7d8"u8);
        _json.WriteStartObject("createVolumePermission"u8);
        _json.WriteStartObject("add"u8);
        _json.WriteStartArray("items"u8);
        _json.WriteStartObject();
        _json.WriteString("group"u8, "all"u8);
        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteString("attributeType"u8, "CREATE_VOLUME_PERMISSION"u8);
        _json.WriteEndObject();
        EndEc2ReturnTrue(who);
    }

    private void WriteKeyChange(CorpusPrincipal who, DateTime time, string eventName)
    {
        Begin(who, time, "kms.amazonaws.com", eventName);
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("keyId"u8, _keyArn);
        if (eventName == "ScheduleKeyDeletion")
        {
            _json.WriteNumber("pendingWindowInDays"u8, 7);
            _json.WriteEndObject();
            _json.WriteStartObject("responseElements"u8);
            _json.WriteString("keyId"u8, _keyArn);
            Span<char> deletion = stackalloc char[32];
            time.AddDays(7).TryFormat(deletion, out var written, "MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture);
            _json.WriteString("deletionDate"u8, deletion[..written]);
            _json.WriteString("keyState"u8, "PendingDeletion"u8);
            _json.WriteNumber("pendingWindowInDays"u8, 7);
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteEndObject();
            _json.WriteNull("responseElements"u8);
        }

        WriteIds(readOnly: false);
        WriteSingleResource("AWS::KMS::Key", _keyArn);
        End(who, "kms.amazonaws.com");
    }

    private void WriteDeniedDescribe(CorpusPrincipal who, DateTime time)
    {
        Begin(who, time, "ec2.amazonaws.com", "DescribeInstances");
        WriteError(
            "Client.UnauthorizedOperation",
            "You are not authorized to perform this operation. User: " + who.Arn +
            " is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action");
        WriteEmptyEc2Sets("instancesSet"u8, "maxResults"u8);
        FinishRead(who, "ec2.amazonaws.com");
    }

    private void WriteOffensiveToolCall(CorpusPrincipal who, DateTime time)
    {
        Begin(who, time, "sts.amazonaws.com", "GetCallerIdentity", CorpusAccount.KaliPacu);
        _json.WriteNull("requestParameters"u8);
        FinishRead(who, "sts.amazonaws.com");
    }

    private void WriteCreateAccessKeyForAnotherUser(CorpusPrincipal who, DateTime time)
    {
        var target = _account.ConsoleUser.Name;
        Begin(who, time, "iam.amazonaws.com", "CreateAccessKey");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("userName"u8, target);
        _json.WriteEndObject();
        _json.WriteStartObject("responseElements"u8);
        _json.WriteStartObject("accessKey"u8);
        Span<char> key = stackalloc char[RandomIds.AccessKeyIdLength];
        RandomIds.AccessKeyId(_random, "AKIA", key);
        _json.WriteString("accessKeyId"u8, key);
        _json.WriteString("status"u8, "Active"u8);
        _json.WriteString("userName"u8, target);
        Span<char> created = stackalloc char[32];
        time.TryFormat(created, out var written, "MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture);
        _json.WriteString("createDate"u8, created[..written]);
        _json.WriteEndObject();
        _json.WriteEndObject();
        WriteIds(readOnly: false);
        End(who, "iam.amazonaws.com", tlsHost: "iam.amazonaws.com");
    }

    private void WriteAdministratorAttach(CorpusPrincipal who, DateTime time, string eventName, string targetField, string target)
    {
        Begin(who, time, "iam.amazonaws.com", eventName);
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString(targetField, target);
        _json.WriteString("policyArn"u8, AdministratorAccess);
        _json.WriteEndObject();
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: false);
        End(who, "iam.amazonaws.com", tlsHost: "iam.amazonaws.com");
    }

    private void WriteLeaveOrganization(CorpusPrincipal who, DateTime time)
    {
        Begin(who, time, "organizations.amazonaws.com", "LeaveOrganization");
        _json.WriteNull("requestParameters"u8);
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: false);
        End(who, "organizations.amazonaws.com");
    }

    // EC2 calls that change a resource answer {"requestId": ..., "_return": true}; the record's requestID is that same id.
    private void EndEc2ReturnTrue(CorpusPrincipal who)
    {
        Span<char> requestId = stackalloc char[RandomIds.UuidLength];
        RandomIds.Uuid(_random, requestId);
        _json.WriteStartObject("responseElements"u8);
        _json.WriteString("requestId"u8, requestId);
        _json.WriteBoolean("_return"u8, true);
        _json.WriteEndObject();
        WriteIds(requestId, readOnly: false);
        End(who, "ec2.amazonaws.com");
    }
}

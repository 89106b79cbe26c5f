using System.Globalization;

namespace Iota.Pipeline.Generation.Internal;

/// <summary>The ordinary traffic of a busy account: data events, service calls and configuration reads.</summary>
internal sealed partial class CloudTrailRecordWriter
{
    private static readonly string[] ObjectPrefixes = ["orders/", "invoices/pdf/", "exports/daily/", "build/artifacts/", "events/raw/"];
    private static readonly string[] ObjectSuffixes = [".json", ".pdf", ".csv.gz", ".parquet", ".zip"];
    private static readonly string[] ServicesAssumingRoles = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com", "config.amazonaws.com"];
    private static readonly string[] ServicesDecrypting = ["s3.amazonaws.com", "lambda.amazonaws.com", "secretsmanager.amazonaws.com"];

    /// <summary>Writes one ordinary record, weighted the way a production account's trail is.</summary>
    public void WriteBenign(DateTime time)
    {
        var roll = _random.Next(1000);
        switch (roll)
        {
            case < 200: WriteObjectEvent(time, put: false); break;
            case < 280: WriteObjectEvent(time, put: true); break;
            case < 430: WriteServiceDecrypt(time); break;
            case < 530: WriteServiceAssumeRole(time); break;
            case < 600: WriteWorkloadSecretRead(time); break;
            case < 660: WriteCreateLogStream(time); break;
            case < 998: WriteConfigurationRead(time); break;
            default: WriteConsoleLoginWithMfa(time); break;
        }
    }

    private void WriteObjectEvent(DateTime time, bool put)
    {
        var who = Pick(_account.Workloads);
        var bucket = Pick(_account.Buckets);
        Span<char> random = stackalloc char[16];
        RandomIds.HexString(_random, random);
        Span<char> key = stackalloc char[96];
        key.TryWrite(
            CultureInfo.InvariantCulture,
            $"{Pick(ObjectPrefixes)}{time:yyyy/MM/dd}/{random}{Pick(ObjectSuffixes)}",
            out var keyLength);
        key = key[..keyLength];
        Span<char> host = stackalloc char[96];
        host.TryWrite(CultureInfo.InvariantCulture, $"{bucket}.s3.{_region}.amazonaws.com", out var hostLength);
        host = host[..hostLength];

        Begin(who, time, "s3.amazonaws.com", put ? "PutObject" : "GetObject");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("bucketName"u8, bucket);
        _json.WriteString("Host"u8, host);
        _json.WriteString("key"u8, key);
        _json.WriteEndObject();
        if (put)
        {
            _json.WriteStartObject("responseElements"u8);
            _json.WriteString("x-amz-server-side-encryption"u8, "aws:kms"u8);
            _json.WriteString("x-amz-server-side-encryption-aws-kms-key-id"u8, _keyArn);
            Span<char> version = stackalloc char[32];
            RandomIds.AlphanumericString(_random, version);
            _json.WriteString("x-amz-version-id"u8, version);
            _json.WriteEndObject();
        }
        else
        {
            _json.WriteNull("responseElements"u8);
        }

        var size = _random.Next(600, 2_000_000);
        _json.WriteStartObject("additionalEventData"u8);
        _json.WriteString("SignatureVersion"u8, "SigV4"u8);
        _json.WriteString("CipherSuite"u8, "TLS_AES_128_GCM_SHA256"u8);
        _json.WriteNumber("bytesTransferredIn"u8, put ? size : 0);
        _json.WriteString("SSEApplied"u8, "SSE_KMS"u8);
        _json.WriteString("AuthenticationMethod"u8, "AuthHeader"u8);
        Span<char> amzId2 = stackalloc char[77];
        RandomIds.Base64String(_random, amzId2[..76]);
        amzId2[76] = '=';
        _json.WriteString("x-amz-id-2"u8, amzId2);
        _json.WriteNumber("bytesTransferredOut"u8, put ? 0 : size);
        _json.WriteEndObject();
        WriteIds(readOnly: !put, s3RequestId: true);

        _json.WriteStartArray("resources"u8);
        Span<char> arn = stackalloc char[160];
        arn.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:s3:::{bucket}/{key}", out var arnLength);
        _json.WriteStartObject();
        _json.WriteString("type"u8, "AWS::S3::Object"u8);
        _json.WriteString("ARN"u8, arn[..arnLength]);
        _json.WriteEndObject();
        arn.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:s3:::{bucket}", out arnLength);
        WriteResource("AWS::S3::Bucket", arn[..arnLength]);
        _json.WriteEndArray();
        End(who, "s3.amazonaws.com", data: true, tlsHost: host.ToString());
    }

    private void WriteServiceDecrypt(DateTime time)
    {
        var host = Pick(ServicesDecrypting);
        var who = CorpusAccount.Service(_account.AccountId, host);
        Begin(who, time, "kms.amazonaws.com", "Decrypt");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("encryptionAlgorithm"u8, "SYMMETRIC_DEFAULT"u8);
        _json.WriteStartObject("encryptionContext"u8);
        Span<char> context = stackalloc char[160];
        int written;
        if (host == "s3.amazonaws.com")
        {
            context.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:s3:::{Pick(_account.Buckets)}", out written);
            _json.WriteString("aws:s3:arn"u8, context[..written]);
        }
        else if (host == "lambda.amazonaws.com")
        {
            context.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:lambda:{_region}:{_account.AccountId}:function:etl-pipeline", out written);
            _json.WriteString("aws:lambda:FunctionArn"u8, context[..written]);
        }
        else
        {
            context.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:secretsmanager:{_region}:{_account.AccountId}:secret:orders/db-credentials-a1B2c3", out written);
            _json.WriteString("SecretARN"u8, context[..written]);
            _json.WriteString("SecretVersionId"u8, "3f9c2a7e-0b1d-4c5e-8f6a-7b8c9d0e1f2a"u8);
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: true);
        WriteSingleResource("AWS::KMS::Key", _keyArn);
        End(who, "kms.amazonaws.com");
    }

    private void WriteServiceAssumeRole(DateTime time)
    {
        var host = Pick(ServicesAssumingRoles);
        var who = CorpusAccount.Service(_account.AccountId, host);
        var role = host switch
        {
            "lambda.amazonaws.com" => "etl-pipeline-role",
            "ecs-tasks.amazonaws.com" => "orders-service-task",
            "ec2.amazonaws.com" => "bastion-instance-role",
            _ => "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        };
        Span<char> roleArn = stackalloc char[128];
        roleArn.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:iam::{_account.AccountId}:role/{role}", out var roleArnLength);
        roleArn = roleArn[..roleArnLength];
        Span<char> session = stackalloc char[32];
        RandomIds.HexString(_random, session);

        Begin(who, time, "sts.amazonaws.com", "AssumeRole");
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("roleArn"u8, roleArn);
        _json.WriteString("roleSessionName"u8, session);
        _json.WriteNumber("durationSeconds"u8, 3600);
        _json.WriteEndObject();
        _json.WriteStartObject("responseElements"u8);
        _json.WriteStartObject("credentials"u8);
        Span<char> key = stackalloc char[RandomIds.AccessKeyIdLength];
        RandomIds.AccessKeyId(_random, "ASIA", key);
        _json.WriteString("accessKeyId"u8, key);
        // Real session tokens run to several hundred characters; a shorter one keeps record sizes honest.
        Span<char> token = stackalloc char[320];
        "IQoJb3JpZ2luX2VjE".CopyTo(token);
        RandomIds.Base64String(_random, token[17..]);
        _json.WriteString("sessionToken"u8, token);
        Span<char> expiration = stackalloc char[32];
        time.AddHours(1).TryFormat(expiration, out var expirationLength, "MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture);
        _json.WriteString("expiration"u8, expiration[..expirationLength]);
        _json.WriteEndObject();
        _json.WriteEndObject();
        WriteIds(readOnly: true);
        _json.WriteStartArray("resources"u8);
        WriteResource("AWS::IAM::Role", roleArn);
        _json.WriteEndArray();
        End(who, "sts.amazonaws.com");
    }

    private void WriteWorkloadSecretRead(DateTime time)
    {
        var who = Pick(_account.Workloads);
        Span<char> name = stackalloc char[160];
        if (_random.Next(2) == 0)
        {
            Begin(who, time, "ssm.amazonaws.com", "GetParameter");
            name.TryWrite(CultureInfo.InvariantCulture, $"/{who.Name}/prod/database-url", out var written);
            _json.WriteStartObject("requestParameters"u8);
            _json.WriteString("name"u8, name[..written]);
            _json.WriteBoolean("withDecryption"u8, true);
            _json.WriteEndObject();
            _json.WriteNull("responseElements"u8);
            WriteIds(readOnly: true);
            End(who, "ssm.amazonaws.com");
        }
        else
        {
            Begin(who, time, "secretsmanager.amazonaws.com", "GetSecretValue");
            name.TryWrite(CultureInfo.InvariantCulture, $"arn:aws:secretsmanager:{_region}:{_account.AccountId}:secret:{who.Name}/api-token-x7Y8z9", out var written);
            _json.WriteStartObject("requestParameters"u8);
            _json.WriteString("secretId"u8, name[..written]);
            _json.WriteEndObject();
            _json.WriteNull("responseElements"u8);
            WriteIds(readOnly: true);
            End(who, "secretsmanager.amazonaws.com");
        }
    }

    private void WriteCreateLogStream(DateTime time)
    {
        var who = Pick(_account.Workloads);
        Begin(who, time, "logs.amazonaws.com", "CreateLogStream");
        Span<char> text = stackalloc char[96];
        text.TryWrite(CultureInfo.InvariantCulture, $"/aws/lambda/{who.Name}", out var written);
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteString("logGroupName"u8, text[..written]);
        Span<char> stream = stackalloc char[32];
        RandomIds.HexString(_random, stream);
        text.TryWrite(CultureInfo.InvariantCulture, $"{time:yyyy/MM/dd}/[$LATEST]{stream}", out written);
        _json.WriteString("logStreamName"u8, text[..written]);
        _json.WriteEndObject();
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: false);
        End(who, "logs.amazonaws.com");
    }

    private void WriteConfigurationRead(DateTime time)
    {
        var who = Pick(_account.Operators);
        var roll = _random.Next(_isGlobalRegion ? 12 : 9);
        switch (roll)
        {
            case 0:
                Begin(who, time, "ec2.amazonaws.com", "DescribeInstances");
                _json.WriteStartObject("requestParameters"u8);
                _json.WriteStartObject("instancesSet"u8);
                _json.WriteStartArray("items"u8);
                Span<char> instance = stackalloc char[19];
                "i-0".CopyTo(instance);
                RandomIds.HexString(_random, instance[3..]);
                _json.WriteStartObject();
                _json.WriteString("instanceId"u8, instance);
                _json.WriteEndObject();
                _json.WriteEndArray();
                _json.WriteEndObject();
                _json.WriteStartObject("filterSet"u8);
                _json.WriteEndObject();
                _json.WriteEndObject();
                FinishRead(who, "ec2.amazonaws.com");
                break;
            case 1:
                Begin(who, time, "ec2.amazonaws.com", "DescribeSecurityGroups");
                WriteEmptyEc2Sets("securityGroupSet"u8, "securityGroupIdSet"u8);
                FinishRead(who, "ec2.amazonaws.com");
                break;
            case 2:
                Begin(who, time, "ec2.amazonaws.com", "DescribeVolumes");
                WriteEmptyEc2Sets("volumeSet"u8, "maxResults"u8);
                FinishRead(who, "ec2.amazonaws.com");
                break;
            case 3:
                Begin(who, time, "lambda.amazonaws.com", "ListFunctions20150331");
                _json.WriteNull("requestParameters"u8);
                FinishRead(who, "lambda.amazonaws.com");
                break;
            case 4:
                Begin(who, time, "logs.amazonaws.com", "DescribeLogGroups");
                _json.WriteStartObject("requestParameters"u8);
                _json.WriteNumber("limit"u8, 50);
                _json.WriteEndObject();
                FinishRead(who, "logs.amazonaws.com");
                break;
            case 5:
                Begin(who, time, "monitoring.amazonaws.com", "DescribeAlarms");
                _json.WriteStartObject("requestParameters"u8);
                _json.WriteNumber("maxRecords"u8, 100);
                _json.WriteEndObject();
                FinishRead(who, "monitoring.amazonaws.com");
                break;
            case 6:
                Begin(who, time, "rds.amazonaws.com", "DescribeDBInstances");
                _json.WriteNull("requestParameters"u8);
                FinishRead(who, "rds.amazonaws.com");
                break;
            case 7:
                Begin(who, time, "dynamodb.amazonaws.com", "DescribeTable");
                _json.WriteStartObject("requestParameters"u8);
                _json.WriteString("tableName"u8, "orders"u8);
                _json.WriteEndObject();
                FinishRead(who, "dynamodb.amazonaws.com");
                break;
            case 8:
                Begin(who, time, "sts.amazonaws.com", "GetCallerIdentity");
                _json.WriteNull("requestParameters"u8);
                FinishRead(who, "sts.amazonaws.com");
                break;
            case 9:
                Begin(who, time, "iam.amazonaws.com", "ListRoles");
                _json.WriteNull("requestParameters"u8);
                FinishRead(who, "iam.amazonaws.com", "iam.amazonaws.com");
                break;
            case 10:
                Begin(who, time, "iam.amazonaws.com", "GetRole");
                _json.WriteStartObject("requestParameters"u8);
                _json.WriteString("roleName"u8, "orders-service-task"u8);
                _json.WriteEndObject();
                FinishRead(who, "iam.amazonaws.com", "iam.amazonaws.com");
                break;
            default:
                Begin(who, time, "s3.amazonaws.com", "ListBuckets");
                _json.WriteStartObject("requestParameters"u8);
                _json.WriteString("Host"u8, "s3.amazonaws.com"u8);
                _json.WriteEndObject();
                _json.WriteNull("responseElements"u8);
                WriteIds(readOnly: true, s3RequestId: true);
                End(who, "s3.amazonaws.com", tlsHost: "s3.amazonaws.com");
                break;
        }
    }

    private void WriteEmptyEc2Sets(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        _json.WriteStartObject("requestParameters"u8);
        _json.WriteStartObject(first);
        _json.WriteEndObject();
        if (second.SequenceEqual("maxResults"u8))
        {
            _json.WriteNumber(second, 500);
        }
        else
        {
            _json.WriteStartObject(second);
            _json.WriteEndObject();
        }

        _json.WriteStartObject("filterSet"u8);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void FinishRead(CorpusPrincipal who, string eventSource, string? tlsHost = null)
    {
        _json.WriteNull("responseElements"u8);
        WriteIds(readOnly: true);
        End(who, eventSource, tlsHost: tlsHost);
    }

    private void WriteConsoleLoginWithMfa(DateTime time)
    {
        if (!_isGlobalRegion)
        {
            WriteConfigurationRead(time);
            return;
        }

        WriteConsoleLogin(_account.ConsoleUser, time, mfaUsed: true, success: true);
    }

    private void WriteConsoleLogin(CorpusPrincipal who, DateTime time, bool mfaUsed, bool success)
    {
        _json.WriteStartObject();
        _json.WriteString("eventVersion"u8, "1.09"u8);
        _json.WriteStartObject("userIdentity"u8);
        _json.WriteString("type"u8, who.Kind == CorpusPrincipalKind.Root ? "Root"u8 : "IAMUser"u8);
        WritePrincipalIds(who);
        _json.WriteString("accessKeyId"u8, ""u8);
        if (who.Kind == CorpusPrincipalKind.IamUser)
        {
            _json.WriteString("userName"u8, who.Name);
        }

        _json.WriteEndObject();
        _json.WriteString("eventTime"u8, time);
        _json.WriteString("eventSource"u8, "signin.amazonaws.com"u8);
        _json.WriteString("eventName"u8, "ConsoleLogin"u8);
        _json.WriteString("awsRegion"u8, _region);
        _json.WriteString("sourceIPAddress"u8, who.SourceIp);
        _json.WriteString("userAgent"u8, who.UserAgent);
        if (!success)
        {
            // A failed sign-in has an errorMessage but no errorCode.
            _json.WriteString("errorMessage"u8, "Failed authentication"u8);
        }

        _json.WriteNull("requestParameters"u8);
        _json.WriteStartObject("responseElements"u8);
        _json.WriteString("ConsoleLogin"u8, success ? "Success"u8 : "Failure"u8);
        _json.WriteEndObject();
        _json.WriteStartObject("additionalEventData"u8);
        _json.WriteString("LoginTo"u8, "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true"u8);
        _json.WriteString("MobileVersion"u8, "No"u8);
        _json.WriteString("MFAUsed"u8, mfaUsed ? "Yes"u8 : "No"u8);
        _json.WriteEndObject();
        WriteIds(readOnly: false);
        End(who, "signin.amazonaws.com", tlsHost: "signin.aws.amazon.com", eventType: "AwsConsoleSignIn");
    }
}

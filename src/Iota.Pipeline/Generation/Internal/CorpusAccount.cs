namespace Iota.Pipeline.Generation.Internal;

/// <summary>
/// The cast of one AWS account in a generated corpus: its workloads, people, automation and services,
/// plus the buckets and KMS key they use. Names are invented; addresses come from documentation ranges.
/// </summary>
internal sealed class CorpusAccount
{
    private const string Browser =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

    private const string Terraform =
        "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.72.1 " +
        "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 " +
        "md/GOOS#linux md/GOARCH#amd64";

    private const string EcsBoto =
        "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#5.10.226-214.879.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 " +
        "md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.35.40";

    private const string LambdaJava =
        "aws-sdk-java/2.28.16 Linux/5.10.226-214.879.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 " +
        "vendor/Amazon.com_Inc. exec-env/AWS_Lambda_java21 io/sync http/Apache cfg/retry-mode/legacy";

    internal const string Cli =
        "aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-1012-aws md/arch#x86_64 lang/python#3.11.9 " +
        "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off";

    internal const string KaliPacu =
        "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.6.15-amd64 md/arch#x86_64 lang/python#3.11.8 " +
        "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69 Linux/6.6.15-2kali1 Pacu/1.5.3";

    public CorpusAccount(string accountId, int index)
    {
        AccountId = accountId;
        KeyArnSuffix = $"key/{index + 1:x8}-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
        Buckets = [$"examplecorp-{index}-orders-data", $"examplecorp-{index}-exports", $"examplecorp-{index}-artifacts"];
        Workloads =
        [
            Role(accountId, "orders-service-task", "AROAY5EXAMPLEORDERS" + index, $"{index:x4}c2a9e0f14b7d8a3c5e6f7a8b9c0d", $"198.51.100.{10 + index}", EcsBoto),
            Role(accountId, "etl-pipeline-role", "AROAY5EXAMPLEETLPIP" + index, "etl-pipeline", $"198.51.100.{30 + index}", LambdaJava),
        ];
        Operators =
        [
            User(accountId, "deploy-bot", "AIDAY5EXAMPLEDEPLOY" + index, "AKIAY5EXAMPLEDEPLOY" + index, $"198.51.100.{200 + index}", Terraform),
            User(accountId, "analyst", "AIDAY5EXAMPLEANALYS" + index, "AKIAY5EXAMPLEANALYS" + index, $"198.51.100.{50 + index}", Cli),
            Role(accountId, "AWSReservedSSO_PowerUserAccess_5f1c2a7e9b3d4c60", "AROAY5EXAMPLESSOPWR" + index, "jane.doe@example.com",
                $"198.51.100.{70 + index}", Browser, console: true, path: "aws-reserved/sso.amazonaws.com/"),
        ];
        ConsoleUser = User(accountId, "jane.admin", "AIDAY5EXAMPLEJANEAD" + index, "", $"198.51.100.{90 + index}", Browser, console: true);
        Intruder = User(accountId, "contractor-temp", "AIDAY5EXAMPLECONTRA" + index, "AKIAY5EXAMPLECONTRA" + index, $"203.0.113.{40 + index}", Cli);
        Root = new CorpusPrincipal
        {
            Kind = CorpusPrincipalKind.Root, AccountId = accountId, PrincipalId = accountId, Arn = $"arn:aws:iam::{accountId}:root",
            SourceIp = $"203.0.113.{80 + index}", UserAgent = Browser, Console = true, MfaAuthenticated = true,
        };
    }

    public string AccountId { get; }

    /// <summary>The tail of the account's KMS key ARN, after <c>arn:aws:kms:region:account:</c>.</summary>
    public string KeyArnSuffix { get; }

    public string[] Buckets { get; }

    /// <summary>Role sessions of running applications: most data events and secret reads.</summary>
    public CorpusPrincipal[] Workloads { get; }

    /// <summary>People and automation that read configuration: the Describe/List/Get traffic.</summary>
    public CorpusPrincipal[] Operators { get; }

    public CorpusPrincipal ConsoleUser { get; }

    /// <summary>The principal the risky tail is attributed to.</summary>
    public CorpusPrincipal Intruder { get; }

    public CorpusPrincipal Root { get; }

    public static CorpusPrincipal Service(string accountId, string host) => new()
    {
        Kind = CorpusPrincipalKind.AwsService, AccountId = accountId, ServiceHost = host, SourceIp = host, UserAgent = host,
    };

    private static CorpusPrincipal User(string account, string name, string id, string key, string ip, string agent, bool console = false) => new()
    {
        Kind = CorpusPrincipalKind.IamUser, AccountId = account, PrincipalId = id, Arn = $"arn:aws:iam::{account}:user/{name}", Name = name,
        LongTermAccessKeyId = key, SourceIp = ip, UserAgent = agent, Console = console, MfaAuthenticated = console,
    };

    private static CorpusPrincipal Role(
        string account, string role, string roleId, string session, string ip, string agent, bool console = false, string path = "") => new()
    {
        Kind = CorpusPrincipalKind.AssumedRole, AccountId = account, PrincipalId = $"{roleId}:{session}",
        Arn = $"arn:aws:sts::{account}:assumed-role/{role}/{session}", Name = role, RoleId = roleId,
        RoleArn = $"arn:aws:iam::{account}:role/{path}{role}", SourceIp = ip, UserAgent = agent, Console = console,
    };
}

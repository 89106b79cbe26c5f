using Amazon.Runtime;
using Amazon.SecurityToken;
using Iota.Aws.Credentials;
using Iota.Aws.S3;
using Iota.Pipeline.State;

namespace Iota.Aws.Tests.Credentials;

/// <summary>Cross-account reads: STS AssumeRole over real HTTP, cached sessions, refresh before expiry.</summary>
public sealed class AssumedRoleCredentialsTests
{
    private const string RoleArn = "arn:aws:iam::444455556666:role/IotaReader";
    private static readonly BasicAWSCredentials Own = new("AKIAOWNKEY", "own-secret");

    [Fact]
    public async Task A_session_is_assumed_once_and_reused_while_it_is_fresh()
    {
        using var endpoint = new StsAndS3Endpoint(TimeSpan.FromHours(1));
        using var credentials = new AssumedRoleCredentials(Sts(endpoint), RoleArn, "iota");

        var first = await credentials.GetCredentialsAsync();
        var second = await credentials.GetCredentialsAsync();

        Assert.Equal("ASIASESSION1", first.AccessKey);
        Assert.Equal("token-1", first.Token);
        Assert.Equal(first.AccessKey, second.AccessKey);
        var call = Assert.Single(endpoint.Requests);
        Assert.Contains("RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%3Arole%2FIotaReader", call.Body, StringComparison.Ordinal);
        Assert.Contains("RoleSessionName=iota", call.Body, StringComparison.Ordinal);
        Assert.Contains("Credential=AKIAOWNKEY/", call.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_inside_the_expiry_margin_is_replaced_before_it_expires()
    {
        // A session that ends in two minutes is already inside the five-minute margin: using it starts a
        // refresh, and a new session takes its place while the old one is still valid.
        using var endpoint = new StsAndS3Endpoint(TimeSpan.FromMinutes(2));
        using var credentials = new AssumedRoleCredentials(Sts(endpoint), RoleArn, "iota");

        var first = await credentials.GetCredentialsAsync();
        var later = first;
        for (int attempt = 0; attempt < 100 && later.AccessKey == first.AccessKey; attempt++)
        {
            await Task.Delay(50);
            later = await credentials.GetCredentialsAsync();
        }

        Assert.Equal("ASIASESSION1", first.AccessKey);
        Assert.StartsWith("ASIASESSION", later.AccessKey, StringComparison.Ordinal);
        Assert.NotEqual(first.AccessKey, later.AccessKey);
    }

    [Fact]
    public async Task Objects_of_an_integration_with_a_role_are_read_with_the_role_and_others_with_own_credentials()
    {
        using var endpoint = new StsAndS3Endpoint(TimeSpan.FromHours(1));
        Integration[] integrations =
        [
            new() { Label = "prod", AccountId = "444455556666", Bucket = "org-trail", Prefix = "AWSLogs/444455556666/", RoleArn = RoleArn },
            new() { Label = "own", AccountId = "111122223333", Bucket = "org-trail", Prefix = "AWSLogs/" },
        ];
        using var access = new S3Access(
            new S3AccessOptions { ServiceUrl = endpoint.Url, StsServiceUrl = endpoint.Url, Region = "us-east-1", Credentials = Own, MaxErrorRetry = 0 },
            integrations);

        using (await access.ClientFor("org-trail", "AWSLogs/444455556666/CloudTrail/a.json.gz").GetObjectAsync("org-trail", "AWSLogs/444455556666/CloudTrail/a.json.gz"))
        {
        }

        using (await access.ClientFor("org-trail", "AWSLogs/111122223333/CloudTrail/b.json.gz").GetObjectAsync("org-trail", "AWSLogs/111122223333/CloudTrail/b.json.gz"))
        {
        }

        var reads = endpoint.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal("prod", access.IntegrationFor("org-trail", "AWSLogs/444455556666/x")!.Label);
        Assert.Equal("/org-trail/AWSLogs/444455556666/CloudTrail/a.json.gz", reads[0].Path);
        Assert.Contains("Credential=ASIASESSION1/", reads[0].Authorization, StringComparison.Ordinal);
        Assert.Equal("token-1", reads[0].SessionToken);
        Assert.Contains("Credential=AKIAOWNKEY/", reads[1].Authorization, StringComparison.Ordinal);
        Assert.Null(reads[1].SessionToken);
    }

    private static AmazonSecurityTokenServiceClient Sts(StsAndS3Endpoint endpoint) =>
        new(Own, new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.Url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
}

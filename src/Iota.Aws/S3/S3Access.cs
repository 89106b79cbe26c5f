using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Iota.Aws.Credentials;
using Iota.Pipeline.State;

namespace Iota.Aws.S3;

/// <summary>
/// Chooses the S3 client that reads an object: the integration whose bucket and (longest) prefix contain the
/// key decides; an integration with a role ARN is read with that role's assumed credentials (one cached,
/// self-refreshing session per role), everything else with the process's own credentials.
/// </summary>
public sealed class S3Access : IDisposable
{
    private readonly S3AccessOptions _options;
    private readonly IReadOnlyList<Integration> _integrations;
    private readonly AmazonS3Client _default;
    private readonly ConcurrentDictionary<string, Lazy<(AssumedRoleCredentials Credentials, AmazonS3Client Client)>> _byRole = new(StringComparer.Ordinal);

    public S3Access(S3AccessOptions options, IReadOnlyList<Integration>? integrations = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _integrations = integrations ?? [];
        _default = options.Credentials is null ? new AmazonS3Client(ClientConfig()) : new AmazonS3Client(options.Credentials, ClientConfig());
    }

    /// <summary>The client for the process's own credentials.</summary>
    public IAmazonS3 Default => _default;

    /// <summary>The integration that owns <paramref name="key"/> in <paramref name="bucket"/>, or null.</summary>
    public Integration? IntegrationFor(string bucket, string key) =>
        _integrations
            .Where(i => string.Equals(i.Bucket, bucket, StringComparison.Ordinal) && key.StartsWith(i.Prefix, StringComparison.Ordinal))
            .MaxBy(i => i.Prefix.Length);

    /// <summary>The client that may read <paramref name="key"/> in <paramref name="bucket"/>.</summary>
    public IAmazonS3 ClientFor(string bucket, string key)
    {
        var roleArn = IntegrationFor(bucket, key)?.RoleArn;
        if (string.IsNullOrEmpty(roleArn))
        {
            return _default;
        }

        return _byRole.GetOrAdd(roleArn, arn => new Lazy<(AssumedRoleCredentials, AmazonS3Client)>(() =>
        {
            var credentials = new AssumedRoleCredentials(CreateSts(), arn, "iota");
            return (credentials, new AmazonS3Client(credentials, ClientConfig()));
        })).Value.Client;
    }

    public void Dispose()
    {
        _default.Dispose();
        foreach (var entry in _byRole.Values.Where(l => l.IsValueCreated))
        {
            entry.Value.Client.Dispose();
            entry.Value.Credentials.Dispose();
        }
    }

    private AmazonS3Config ClientConfig()
    {
        var config = new AmazonS3Config { MaxErrorRetry = _options.MaxErrorRetry };
        if (_options.ServiceUrl is not null)
        {
            config.ServiceURL = _options.ServiceUrl;
            config.ForcePathStyle = true;
            if (_options.Region is not null)
            {
                config.AuthenticationRegion = _options.Region;
            }
        }
        else if (_options.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(_options.Region);
        }

        return config;
    }

    private AmazonSecurityTokenServiceClient CreateSts()
    {
        var config = new AmazonSecurityTokenServiceConfig();
        if (_options.StsServiceUrl is not null)
        {
            config.ServiceURL = _options.StsServiceUrl;
            if (_options.Region is not null)
            {
                config.AuthenticationRegion = _options.Region;
            }
        }
        else if (_options.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(_options.Region);
        }

        AWSCredentials? source = _options.Credentials;
        return source is null ? new AmazonSecurityTokenServiceClient(config) : new AmazonSecurityTokenServiceClient(source, config);
    }
}

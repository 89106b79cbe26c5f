using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Iota.Aws.Credentials;

/// <summary>
/// Credentials for a role in another account, from STS AssumeRole with the caller's own credentials. The
/// SDK base class caches them and asks for new ones <see cref="RefreshingAWSCredentials.PreemptExpiryTime"/>
/// before they expire, so a long-running reader never signs with an expired session.
/// </summary>
public sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    private readonly IAmazonSecurityTokenService _sts;
    private readonly string _roleArn;
    private readonly string _sessionName;
    private readonly string? _externalId;

    /// <summary>Assumes <paramref name="roleArn"/> through <paramref name="sts"/> (owned by this instance).</summary>
    public AssumedRoleCredentials(IAmazonSecurityTokenService sts, string roleArn, string sessionName, string? externalId = null)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentException.ThrowIfNullOrEmpty(roleArn);
        ArgumentException.ThrowIfNullOrEmpty(sessionName);
        _sts = sts;
        _roleArn = roleArn;
        _sessionName = sessionName;
        _externalId = externalId;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>How long each session lasts; STS caps it at the role's maximum session duration.</summary>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(1);

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var response = await _sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = _roleArn,
            RoleSessionName = _sessionName,
            ExternalId = _externalId,
            DurationSeconds = (int)SessionDuration.TotalSeconds,
        }).ConfigureAwait(false);
        var issued = response.Credentials
            ?? throw new AmazonSecurityTokenServiceException($"STS AssumeRole for {_roleArn} returned no credentials.");
        var expiry = issued.Expiration ?? DateTime.UtcNow.Add(SessionDuration);
        return new CredentialsRefreshState(
            new ImmutableCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken),
            expiry.ToUniversalTime());
    }

    /// <summary>Releases the STS client along with the cached session.</summary>
    public new void Dispose()
    {
        base.Dispose();
        _sts.Dispose();
    }
}

namespace Iota.Pipeline.Generation.Internal;

/// <summary>
/// Someone or something that calls AWS in a generated corpus, with everything CloudTrail records about
/// the caller: the <c>userIdentity</c> block, where calls come from and which client makes them.
/// </summary>
internal sealed class CorpusPrincipal
{
    public required CorpusPrincipalKind Kind { get; init; }

    public required string AccountId { get; init; }

    /// <summary><c>AIDA…</c> for a user, <c>AROA…:session</c> for a role session, the account id for root.</summary>
    public string PrincipalId { get; init; } = "";

    public string Arn { get; init; } = "";

    /// <summary>The IAM user name, or the role name for a role session.</summary>
    public string Name { get; init; } = "";

    /// <summary>For role sessions, the role's own id and ARN (the <c>sessionIssuer</c>).</summary>
    public string RoleId { get; init; } = "";

    public string RoleArn { get; init; } = "";

    /// <summary>A long-term key for IAM users; role sessions draw a fresh <c>ASIA</c> key per call.</summary>
    public string LongTermAccessKeyId { get; init; } = "";

    /// <summary>For AWS services, the service host that appears as invokedBy, source IP and user agent.</summary>
    public string ServiceHost { get; init; } = "";

    public required string SourceIp { get; init; }

    public required string UserAgent { get; init; }

    /// <summary>Calls made from the console carry <c>sessionCredentialFromConsole</c> and TLS 1.3.</summary>
    public bool Console { get; init; }

    public bool MfaAuthenticated { get; init; }
}

namespace Iota.Sdk;

/// <summary>
/// Typed accessors for a CloudTrail <c>userIdentity</c> block. Every accessor reads as a missing field when the
/// event has no such value.
/// </summary>
public readonly struct UserIdentity
{
    private readonly JsonField _field;
    private readonly JsonField _type;

    // The type is located when the event is indexed (it is read on every event), so it arrives with the block.
    internal UserIdentity(JsonField field, JsonField type)
    {
        _field = field;
        _type = type;
    }

    /// <summary>The whole <c>userIdentity</c> object.</summary>
    public JsonField Field => _field;

    /// <summary><c>type</c>: Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount, IdentityCenterUser…</summary>
    public JsonField Type => _type;

    /// <summary><c>principalId</c>.</summary>
    public JsonField PrincipalId => _field.Property("principalId"u8);

    /// <summary><c>arn</c>.</summary>
    public JsonField Arn => _field.Property("arn"u8);

    /// <summary><c>accountId</c>: the account that owns the principal.</summary>
    public JsonField AccountId => _field.Property("accountId"u8);

    /// <summary><c>accessKeyId</c>.</summary>
    public JsonField AccessKeyId => _field.Property("accessKeyId"u8);

    /// <summary><c>userName</c> (IAM users and root).</summary>
    public JsonField UserName => _field.Property("userName"u8);

    /// <summary><c>invokedBy</c>: the AWS service that made the call on the principal's behalf.</summary>
    public JsonField InvokedBy => _field.Property("invokedBy"u8);

    /// <summary><c>sessionContext.sessionIssuer.arn</c>: the role behind an assumed-role session.</summary>
    public JsonField SessionIssuerArn => _field.Get("sessionContext.sessionIssuer.arn"u8);

    /// <summary><c>sessionContext.sessionIssuer.userName</c>: the role (or user) name behind a session.</summary>
    public JsonField SessionIssuerUserName => _field.Get("sessionContext.sessionIssuer.userName"u8);

    /// <summary><c>sessionContext.attributes.mfaAuthenticated</c> as a boolean (CloudTrail writes it as a string).</summary>
    public bool? MfaAuthenticated => _field.Get("sessionContext.attributes.mfaAuthenticated"u8).AsBoolean();

    /// <summary>True for the account's root user.</summary>
    public bool IsRoot => Type.Equals("Root"u8);

    /// <summary>
    /// A name a person can read for the actor: the user name, else the session issuer's name with the session
    /// name, else the ARN, principal id or invoking service. Allocates; meant for titles and alert context.
    /// </summary>
    public string DisplayName()
    {
        // Each accessor scans the block, so every field is read once.
        JsonField userName = UserName;
        if (!userName.IsNullOrEmpty)
        {
            return userName.ToString();
        }

        JsonField issuerName = SessionIssuerUserName;
        if (issuerName.Exists)
        {
            string arn = Arn.ToString();
            int slash = arn.LastIndexOf('/');
            return slash >= 0 ? $"{issuerName}/{arn.AsSpan(slash + 1)}" : issuerName.ToString();
        }

        foreach (JsonField candidate in (ReadOnlySpan<JsonField>)[Arn, PrincipalId, InvokedBy])
        {
            if (!candidate.IsNullOrEmpty)
            {
                return candidate.ToString();
            }
        }

        return Type.Exists ? Type.ToString() : "unknown";
    }
}

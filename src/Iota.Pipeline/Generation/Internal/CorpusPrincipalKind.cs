namespace Iota.Pipeline.Generation.Internal;

/// <summary>The <c>userIdentity.type</c> values a generated corpus uses.</summary>
internal enum CorpusPrincipalKind
{
    IamUser,
    AssumedRole,
    AwsService,
    Root,
}

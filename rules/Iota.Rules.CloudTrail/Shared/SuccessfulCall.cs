using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Shared;

/// <summary>
/// The exclusion many rules start from: a refused call changed nothing, and a call an AWS service made on
/// its own behalf (identity type AWSService) is the platform at work rather than someone's decision.
/// </summary>
internal static class SuccessfulCall
{
    /// <summary>True when the call succeeded and was not made by an AWS service itself. Allocation-free.</summary>
    public static bool ByPrincipal(Event e) => !e.IsError && !e.UserIdentity.Type.Equals("AWSService"u8);
}

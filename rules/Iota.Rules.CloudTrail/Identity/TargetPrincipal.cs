using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>
/// The IAM user, role or group a request acts on, as the request names it. IAM user APIs act on the caller when
/// the request names no user, so rules about credentials set "for someone else" need to tell that apart from an
/// IAM user managing their own credentials.
/// </summary>
internal static class TargetPrincipal
{
    /// <summary>True when the request names a user other than the calling IAM user. Allocation-free.</summary>
    public static bool IsUserOtherThanCaller(Event e)
    {
        JsonField target = e.Get("requestParameters.userName"u8);
        if (target.IsNullOrEmpty)
        {
            return false;
        }

        // Roles, federated sessions and root have no IAM user of their own, so any named user is someone else.
        UserIdentity actor = e.UserIdentity;
        if (!actor.Type.Equals("IAMUser"u8))
        {
            return true;
        }

        // IAM user names are plain ASCII ([\w+=,.@-]), never escaped, so the raw JSON texts compare exactly.
        return !target.RawJson.SequenceEqual(actor.UserName.RawJson);
    }

    /// <summary>
    /// "user alice", "role deploy" or "group admins", for the policy APIs that exist in one form per principal
    /// kind (AttachUserPolicy/AttachRolePolicy/AttachGroupPolicy and the like).
    /// </summary>
    public static string Describe(Event e)
    {
        JsonField p = e.RequestParameters;
        if (p.Get("userName"u8) is { Exists: true } user)
        {
            return $"user {user}";
        }

        return p.Get("roleName"u8) is { Exists: true } role ? $"role {role}" : $"group {p.Get("groupName"u8)}";
    }
}

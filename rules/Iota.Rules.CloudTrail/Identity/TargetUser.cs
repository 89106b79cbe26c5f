using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>
/// IAM user APIs act on the caller when the request names no user. Rules about credentials set "for someone else"
/// need to tell that apart from an IAM user managing their own credentials.
/// </summary>
internal static class TargetUser
{
    /// <summary>True when the request names a user other than the calling IAM user. Allocation-free.</summary>
    public static bool IsOtherThanCaller(Event e)
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
}

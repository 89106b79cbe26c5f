using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

/// <summary>
/// Reads IAM resource policies (bucket, repository and similar policies) as CloudTrail records them, to tell
/// whether a policy lets anyone on the internet in.
/// </summary>
internal static class ResourcePolicy
{
    /// <summary>
    /// True when some statement allows the wildcard principal and carries no condition. A condition (source VPC,
    /// organisation id, source IP…) usually narrows "*" back to known callers, so those statements are left to
    /// posture tools rather than paged on.
    /// </summary>
    public static bool AllowsAnyoneUnconditionally(JsonField policy)
    {
        JsonField statements = policy.Property("Statement"u8);
        if (statements.Kind == JsonFieldKind.Object)
        {
            return IsPublicStatement(statements);
        }

        foreach (JsonField statement in statements.EnumerateArray())
        {
            if (IsPublicStatement(statement))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Same test for a policy that CloudTrail records as a JSON string (ECR <c>policyText</c>, for example).
    /// Parses only when the text mentions a wildcard at all, so ordinary policies cost a substring scan.
    /// </summary>
    public static bool TextAllowsAnyoneUnconditionally(JsonField policyText)
    {
        if (!policyText.Contains("*"))
        {
            return false;
        }

        try
        {
            return AllowsAnyoneUnconditionally(Event.Parse(policyText.AsString() ?? "").Root);
        }
        catch (FormatException)
        {
            // A policy AWS accepted is valid JSON; text that is not cannot have granted anything.
            return false;
        }
    }

    private static bool IsPublicStatement(JsonField statement)
    {
        if (!statement.Property("Effect"u8).Equals("Allow"u8) || statement.Property("Condition"u8).Count > 0)
        {
            return false;
        }

        JsonField principal = statement.Property("Principal"u8);
        if (principal.Equals("*"u8))
        {
            return true;
        }

        JsonField aws = principal.Property("AWS"u8);
        if (aws.Equals("*"u8))
        {
            return true;
        }

        foreach (JsonField entry in aws.EnumerateArray())
        {
            if (entry.Equals("*"u8))
            {
                return true;
            }
        }

        return false;
    }
}

using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>A managed policy got a new default version.</summary>
public sealed class PolicyVersionSetAsDefault : Rule
{
    public override string Id => "AWS.IAM.PolicyVersionSetAsDefault";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "A customer managed policy's default version changed, either by a new version created with setAsDefault or " +
        "by switching to an existing version. Anyone who may do this can grant themselves any permission through a " +
        "policy attached to them, a well-known privilege escalation path; rolling back to an older version can " +
        "silently restore permissions that were removed.";

    public override string Runbook =>
        "Diff the new default version against the previous one (aws iam get-policy-version). If it adds broad " +
        "permissions and was not made by the pipeline that owns the policy, set the previous version back as " +
        "default and review who is attached to the policy.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html";

    public override IReadOnlyList<string> Tags => ["T1098", "Privilege Escalation"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreatePolicyVersion", "SetDefaultPolicyVersion"];

    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        return e.EventName.Equals("SetDefaultPolicyVersion"u8)
            || e.Get("requestParameters.setAsDefault"u8).AsBoolean() == true;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} made {Version(e)} the default version of policy {e.Get("requestParameters.policyArn")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.policyArn")}";

    // Infrastructure-as-code updates every policy edit through CreatePolicyVersion, so that path stays low;
    // switching to an existing version is rare and is how an old, broader version gets restored.
    public override Severity SeverityFor(Event e) =>
        e.EventName.Equals("SetDefaultPolicyVersion"u8) ? Severity.Medium : Severity.Low;

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["policyArn"] = e.Get("requestParameters.policyArn"),
        ["versionId"] = Version(e),
        ["policyDocument"] = e.Get("requestParameters.policyDocument"),
    };

    // SetDefaultPolicyVersion names the version in the request; CreatePolicyVersion returns it.
    private static string Version(Event e)
    {
        JsonField version = e.Get("requestParameters.versionId"u8);
        return (version.Exists ? version : e.Get("responseElements.policyVersion.versionId"u8)).ToString();
    }
}

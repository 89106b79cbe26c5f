using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An access key was created for the root user.</summary>
public sealed class RootAccessKeyCreated : Rule
{
    public override string Id => "AWS.IAM.RootAccessKeyCreated";

    public override Severity Severity => Severity.Critical;

    public override string Description =>
        "The root user created an access key for itself. A root key gives unrestricted, long-lived programmatic " +
        "access to the account and is a classic persistence step after a root account takeover; AWS recommends " +
        "root have no keys at all.";

    public override string Runbook =>
        "Deactivate and delete the new key immediately unless its owner can justify it in writing. Then reset the " +
        "root password and MFA, and review all root activity from the source IP of this call.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_add-key.html";

    public override IReadOnlyList<string> Tags => ["T1098.001", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["CreateAccessKey"];

    // Without a userName the key is created for the caller itself; root creating keys for IAM users is covered by the other-user rule.
    public override bool Match(Event e) => !e.IsError && e.UserIdentity.IsRoot && e.Get("requestParameters.userName"u8).IsNullOrEmpty;

    public override string Title(Event e) =>
        $"Root user of account {e.UserIdentity.AccountId} created root access key {e.Get("responseElements.accessKey.accessKeyId")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.AccountId}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["accessKeyId"] = e.Get("responseElements.accessKey.accessKeyId"),
    };
}

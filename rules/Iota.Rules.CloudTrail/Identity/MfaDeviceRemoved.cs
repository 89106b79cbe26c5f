using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>An MFA device was deactivated or a virtual MFA device deleted.</summary>
public sealed class MfaDeviceRemoved : Rule
{
    public override string Id => "AWS.IAM.MfaDeviceRemoved";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "An MFA device was deactivated for a user or a virtual MFA device was deleted. Removing MFA makes a stolen " +
        "password enough to sign in, and attackers who take over an account often swap the MFA device for their " +
        "own.";

    public override string Runbook =>
        "Ask the affected user whether they replaced their device. If not, reset the user's password and " +
        "credentials, re-enrol MFA under supervision, and review the actor's sign-ins and changes.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html";

    public override IReadOnlyList<string> Tags => ["T1556.006", "Defense Evasion", "Persistence"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeactivateMFADevice", "DeleteVirtualMFADevice"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} removed MFA device {e.Get("requestParameters.serialNumber")}{ForUser(e)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.serialNumber")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["serialNumber"] = e.Get("requestParameters.serialNumber"),
        ["userName"] = e.Get("requestParameters.userName"),
        ["eventName"] = e.EventName,
    };

    // DeactivateMFADevice names the user; DeleteVirtualMFADevice only the device.
    private static string ForUser(Event e)
    {
        JsonField user = e.Get("requestParameters.userName"u8);
        return user.IsNullOrEmpty ? "" : $" of user {user}";
    }
}

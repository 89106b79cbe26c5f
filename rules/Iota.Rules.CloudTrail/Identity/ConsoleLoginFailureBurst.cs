using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>Repeated failed console sign-ins for one user from one source IP.</summary>
public sealed class ConsoleLoginFailureBurst : Rule
{
    public override string Id => "AWS.IAM.ConsoleLoginFailureBurst";

    public override Severity Severity => Severity.Medium;

    public override int Threshold => 5;

    public override int DedupPeriodMinutes => 10;

    public override string Description =>
        "Five or more console sign-ins failed for the same user from the same IP within ten minutes, which looks " +
        "like password guessing or credential stuffing against that user rather than a mistyped password.";

    public override string Runbook =>
        "Check whether the user recognises the attempts and the IP. If not, make sure the user has MFA, consider " +
        "blocking the IP at the edge, and watch for a successful ConsoleLogin for the same user soon after.";

    public override string Reference => "https://attack.mitre.org/techniques/T1110/";

    public override IReadOnlyList<string> Tags => ["T1110", "Credential Access"];

    public override IReadOnlyList<string> EventSources => ["signin.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];

    public override bool Match(Event e) => e.Get("responseElements.ConsoleLogin"u8).Equals("Failure"u8);

    public override string Title(Event e) =>
        $"Repeated failed console logins for {e.UserIdentity.DisplayName()} from {e.SourceIpAddress}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}|{e.SourceIpAddress}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["userName"] = e.UserIdentity.UserName,
        ["errorMessage"] = e.ErrorMessage,
        ["mfaUsed"] = e.Get("additionalEventData.MFAUsed"),
        ["loginTo"] = e.Get("additionalEventData.LoginTo"),
    };
}

using Iota.Sdk;

/// <summary>The root user signed in to the AWS console.</summary>
public sealed class RootConsoleLogin : Rule
{
    public override string Id => "AWS.IAM.RootConsoleLogin";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "The account's root user signed in to the console. Root is meant for a few break-glass tasks only, so a " +
        "sign-in outside a planned procedure is the first sign of a root credential compromise.";

    public override string Runbook =>
        "Ask the root credential's custodians whether they signed in, from the source IP in the alert. If not, " +
        "reset the root password and MFA at once, and review every root action since this sign-in " +
        "(AWS.IAM.RootActivity alerts and CloudTrail userIdentity.type = Root).";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html";

    public override IReadOnlyList<string> Tags => ["T1078.004", "Initial Access", "Privilege Escalation"];

    public override IReadOnlyList<string> EventSources => ["signin.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];

    // Failed attempts are counted by the login-failure burst rule; a successful one is what needs a human now.
    public override bool Match(Event e) =>
        e.UserIdentity.IsRoot && e.Get("responseElements.ConsoleLogin"u8).Equals("Success"u8);

    public override string Title(Event e) =>
        $"Root user of account {e.UserIdentity.AccountId} signed in to the console from {e.SourceIpAddress}";

    public override string Dedup(Event e) => $"{e.UserIdentity.AccountId}|{e.SourceIpAddress}";

    // Root without MFA means the password alone opened the account; nothing else stood in the way.
    public override Severity SeverityFor(Event e) =>
        e.Get("additionalEventData.MFAUsed"u8).Equals("No"u8) ? Severity.Critical : Severity.High;

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new Dictionary<string, object?>
    {
        ["actorArn"] = e.UserIdentity.Arn,
        ["account"] = e.UserIdentity.AccountId,
        ["region"] = e.AwsRegion,
        ["sourceIp"] = e.SourceIpAddress,
        ["userAgent"] = e.UserAgent,
        ["mfaUsed"] = e.Get("additionalEventData.MFAUsed"),
        ["loginTo"] = e.Get("additionalEventData.LoginTo"),
    };
}

using Iota.Sdk;

/// <summary>An IAM user signed in to the console with a password alone.</summary>
public sealed class ConsoleLoginWithoutMfa : Rule
{
    public override string Id => "AWS.IAM.ConsoleLoginWithoutMfa";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "An IAM user signed in to the console without MFA. A password alone is all a phisher or credential " +
        "stuffer needs, so console users without MFA are the usual way into an account.";

    public override string Runbook =>
        "Check with the user that the sign-in and source IP were theirs. Either way, enrol an MFA device for the " +
        "user, and consider an IAM policy that denies actions without aws:MultiFactorAuthPresent. If the sign-in " +
        "was not theirs, reset the password and review the session's activity.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html";

    public override IReadOnlyList<string> Tags => ["T1078.004", "Initial Access"];

    public override IReadOnlyList<string> EventSources => ["signin.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["ConsoleLogin"];

    // Federated and Identity Center sign-ins report MFAUsed "No" because MFA happened at the identity provider,
    // and root sign-ins have their own rule, so only IAM users are judged here.
    public override bool Match(Event e) =>
        e.UserIdentity.Type.Equals("IAMUser"u8)
        && e.Get("responseElements.ConsoleLogin"u8).Equals("Success"u8)
        && e.Get("additionalEventData.MFAUsed"u8).Equals("No"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} signed in to the console without MFA from {e.SourceIpAddress}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new Dictionary<string, object?>
    {
        ["actorArn"] = e.UserIdentity.Arn,
        ["account"] = e.RecipientAccountId,
        ["region"] = e.AwsRegion,
        ["sourceIp"] = e.SourceIpAddress,
        ["userAgent"] = e.UserAgent,
        ["loginTo"] = e.Get("additionalEventData.LoginTo"),
    };
}

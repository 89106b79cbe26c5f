using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Identity;

/// <summary>The account password policy was deleted or set below a reasonable baseline.</summary>
public sealed class PasswordPolicyWeakened : Rule
{
    // CIS AWS Foundations asks for at least 14 characters.
    private const long MinimumLength = 14;

    public override string Id => "AWS.IAM.PasswordPolicyWeakened";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "The account password policy was deleted, or replaced with one that allows passwords shorter than 14 " +
        "characters or drops a character-class requirement. Weak IAM passwords make guessing and credential " +
        "stuffing against console users practical.";

    public override string Runbook =>
        "Compare the new policy in the alert with the account baseline. If the change was not planned, restore the " +
        "baseline policy and consider requiring a password reset for users who set passwords since the change.";

    public override string Reference => "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html";

    public override IReadOnlyList<string> Tags => ["T1556", "T1110", "Defense Evasion", "Credential Access"];

    public override IReadOnlyList<string> EventSources => ["iam.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"];

    public override bool Match(Event e) =>
        !e.IsError && (e.EventName.Equals("DeleteAccountPasswordPolicy"u8) || IsWeak(e.RequestParameters));

    public override string Title(Event e) =>
        e.EventName.Equals("DeleteAccountPasswordPolicy"u8)
            ? $"{e.UserIdentity.DisplayName()} deleted the password policy of account {e.RecipientAccountId}"
            : $"{e.UserIdentity.DisplayName()} weakened the password policy of account {e.RecipientAccountId}: {string.Join(", ", Weaknesses(e.RequestParameters))}";

    public override string Dedup(Event e) => $"{e.RecipientAccountId}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["eventName"] = e.EventName,
        ["requestParameters"] = e.RequestParameters,
    };

    // UpdateAccountPasswordPolicy replaces the whole policy: an omitted requirement is switched off and an
    // omitted length falls back to the AWS default of 8.
    private static bool IsWeak(JsonField p) =>
        (p.Get("minimumPasswordLength"u8).AsInt64() ?? 8) < MinimumLength
        || p.Get("requireSymbols"u8).AsBoolean() != true
        || p.Get("requireNumbers"u8).AsBoolean() != true
        || p.Get("requireUppercaseCharacters"u8).AsBoolean() != true
        || p.Get("requireLowercaseCharacters"u8).AsBoolean() != true;

    // The same judgement as IsWeak, spelled out for the title.
    private static List<string> Weaknesses(JsonField p)
    {
        var weaknesses = new List<string>();
        long length = p.Get("minimumPasswordLength"u8).AsInt64() ?? 8;
        if (length < MinimumLength)
        {
            weaknesses.Add($"minimum length {length}");
        }

        foreach ((string field, string label) in (ReadOnlySpan<(string, string)>)
                 [("requireSymbols", "symbols"), ("requireNumbers", "numbers"),
                  ("requireUppercaseCharacters", "uppercase"), ("requireLowercaseCharacters", "lowercase")])
        {
            if (p.Get(field).AsBoolean() != true)
            {
                weaknesses.Add($"{label} not required");
            }
        }

        return weaknesses;
    }
}

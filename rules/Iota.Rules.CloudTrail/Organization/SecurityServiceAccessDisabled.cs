using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Organization;

public sealed class SecurityServiceAccessDisabled : Rule
{
    public override string Id => "AWS.Organizations.SecurityServiceAccessDisabled";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Trusted access for a security service (CloudTrail, GuardDuty, Security Hub, Config, IAM Access Analyzer, " +
        "Macie, Inspector, Detective, Firewall Manager) was disabled for the organisation. The service stops managing " +
        "member accounts, which for CloudTrail means organisation trails stop covering them.";

    public override string Runbook =>
        "Re-enable trusted access (EnableAWSServiceAccess) unless the service is being retired on purpose, then " +
        "check that the organisation trail and delegated administrators are intact. Secure the management-account " +
        "identity that made the call.";

    public override string Reference => "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "T1562.001", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["organizations.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DisableAWSServiceAccess"];

    public override bool Match(Event e) =>
        !e.IsError
        && e.RequestParameters.Property("servicePrincipal"u8).IsOneOf(
            "cloudtrail.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com", "config.amazonaws.com",
            "config-multiaccountsetup.amazonaws.com", "access-analyzer.amazonaws.com", "macie.amazonaws.com",
            "inspector2.amazonaws.com", "detective.amazonaws.com", "fms.amazonaws.com", "malware-protection.guardduty.amazonaws.com");

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} disabled organization access for {e.RequestParameters.Property("servicePrincipal"u8)}";

    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("servicePrincipal"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["servicePrincipal"] = e.RequestParameters.Property("servicePrincipal"u8),
    };
}

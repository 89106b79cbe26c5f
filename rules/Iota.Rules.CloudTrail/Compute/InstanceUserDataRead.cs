using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Compute;

public sealed class InstanceUserDataRead : Rule
{
    public override string Id => "AWS.EC2.InstanceUserDataRead";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "Someone read an instance's user data. Bootstrap scripts often contain passwords, tokens and keys, so " +
        "reading them is a cheap credential hunt after an access key is stolen; tooling rarely needs it.";

    public override string Runbook =>
        "Check whether the actor normally inspects instances. If not, read the user data yourself to know which " +
        "secrets it exposes, rotate them, and review the actor's other read calls in the same session.";

    public override string Reference => "https://attack.mitre.org/techniques/T1552/";

    public override IReadOnlyList<string> Tags => ["T1552", "Credential Access"];

    public override IReadOnlyList<string> EventSources => ["ec2.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DescribeInstanceAttribute"];

    public override bool Match(Event e) =>
        SuccessfulCall.ByPrincipal(e) && e.RequestParameters.Property("attribute"u8).Equals("userData"u8);

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} read the user data of EC2 instance {e.RequestParameters.Property("instanceId"u8)}";

    // A hunt sweeps many instances; one alert per actor gathers the sweep.
    public override string Dedup(Event e) => e.UserIdentity.DisplayName();

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["instanceId"] = e.RequestParameters.Property("instanceId"u8),
    };
}

using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Shared;

/// <summary>
/// The alert context every rule in the pack starts from: who acted (ARN), in which account and region, from where
/// and with what client. Rules add their own entries with an initializer after these, so the common keys always
/// come first in the alert's JSON.
/// </summary>
/// <remarks>
/// The pack was written by two people who named the actor entry differently: "actor" in the compute,
/// data-exposure, network, organisation and secrets rules, "actorArn" elsewhere. Alert routing and saved queries
/// key on those names, so each rule passes the one it has always used.
/// </remarks>
internal sealed class ResponderContext : Dictionary<string, object?>
{
    // Sized for the five common entries and the rules' own (up to seven), so filling it never regrows it.
    public ResponderContext(Event e, string actorKey)
        : base(capacity: 12)
    {
        this[actorKey] = e.UserIdentity.Arn;
        this["account"] = e.RecipientAccountId;
        this["region"] = e.AwsRegion;
        this["sourceIp"] = e.SourceIpAddress;
        this["userAgent"] = e.UserAgent;
    }
}

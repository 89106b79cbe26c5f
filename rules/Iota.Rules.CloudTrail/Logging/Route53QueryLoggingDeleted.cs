using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A Route 53 public hosted zone query logging configuration was deleted.</summary>
public sealed class Route53QueryLoggingDeleted : Rule
{
    public override string Id => "AWS.Route53.QueryLoggingDeleted";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "Someone deleted a Route 53 query logging configuration, so DNS queries for that hosted zone are no longer " +
        "logged. DNS logs help trace phishing, command-and-control and subdomain abuse.";

    public override string Runbook =>
        "Find the hosted zone the configuration covered and confirm whether the change was planned. If not, " +
        "recreate the query logging configuration and review the actor's other DNS changes (record sets, " +
        "delegations).";

    public override string Reference => "https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteQueryLoggingConfig.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["route53.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteQueryLoggingConfig"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted Route 53 query logging configuration {e.Get("requestParameters.id")}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.id")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["queryLoggingConfigId"] = e.Get("requestParameters.id"),
    };
}

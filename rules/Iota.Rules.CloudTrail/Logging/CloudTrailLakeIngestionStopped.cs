using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A CloudTrail Lake event data store stopped ingesting or was deleted.</summary>
public sealed class CloudTrailLakeIngestionStopped : Rule
{
    public override string Id => "AWS.CloudTrail.LakeIngestionStopped";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Ingestion into a CloudTrail Lake event data store was stopped, or the store was deleted. Organisations " +
        "that use Lake as their queryable audit record lose it as surely as if a trail were stopped.";

    public override string Runbook =>
        "Confirm with the owner of the event data store whether the change was planned. If not, restart ingestion " +
        "(aws cloudtrail start-event-data-store-ingestion) or restore the store while it is pending deletion, and " +
        "review the actor's activity from another trail.";

    public override string Reference => "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopEventDataStoreIngestion.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["cloudtrail.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["StopEventDataStoreIngestion", "DeleteEventDataStore"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} {(e.EventName.Equals("DeleteEventDataStore"u8) ? "deleted" : "stopped ingestion of")} CloudTrail Lake event data store {TrailName.Of(e.Get("requestParameters.eventDataStore"))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.eventDataStore")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["eventDataStore"] = e.Get("requestParameters.eventDataStore"),
        ["eventName"] = e.EventName,
    };
}

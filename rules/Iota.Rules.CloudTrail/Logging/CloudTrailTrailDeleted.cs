using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>A CloudTrail trail was deleted.</summary>
public sealed class CloudTrailTrailDeleted : Rule
{
    public override string Id => "AWS.CloudTrail.TrailDeleted";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "Someone deleted a CloudTrail trail. Deleting a trail ends its recording for good and removes its " +
        "configuration, a stronger form of the stop-logging evasion that also survives a casual check of trail status.";

    public override string Runbook =>
        "Ask the actor's team whether the trail was being retired. If not, recreate it from infrastructure code, " +
        "suspend the actor's credentials, and use the organisation trail or the S3 copy of logs to review what the " +
        "actor did before and after the deletion.";

    public override string Reference => "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteTrail.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["cloudtrail.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["DeleteTrail"];

    public override bool Match(Event e) => !e.IsError;

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} deleted CloudTrail trail {TrailName.Of(e.Get("requestParameters.name"))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.name")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["trail"] = e.Get("requestParameters.name"),
    };
}

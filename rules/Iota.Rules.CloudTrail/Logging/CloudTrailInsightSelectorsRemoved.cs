using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>CloudTrail Insights was switched off for a trail.</summary>
public sealed class CloudTrailInsightSelectorsRemoved : Rule
{
    public override string Id => "AWS.CloudTrail.InsightSelectorsRemoved";

    public override Severity Severity => Severity.Low;

    public override string Description =>
        "A trail's Insights selectors were set to an empty list, turning off CloudTrail's detection of unusual API " +
        "call and error rates. Less harmful than stopping the trail, but it removes an alarm that would flag a burst " +
        "of attacker activity.";

    public override string Runbook =>
        "Check with the trail owner whether Insights was disabled on purpose (it is billed separately). If not, " +
        "re-enable ApiCallRateInsight and ApiErrorRateInsight and review the actor's other logging changes.";

    public override string Reference => "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["cloudtrail.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutInsightSelectors"];

    public override bool Match(Event e)
    {
        JsonField selectors = e.Get("requestParameters.insightSelectors"u8);
        return !e.IsError && selectors.Kind == JsonFieldKind.Array && selectors.Count == 0;
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} turned off CloudTrail Insights for trail {TrailName.Of(e.Get("requestParameters.trailName"))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.trailName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["trail"] = e.Get("requestParameters.trailName"),
    };
}

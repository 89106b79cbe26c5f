using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.Logging;

/// <summary>PutEventSelectors left a trail without full management-event coverage.</summary>
public sealed class CloudTrailEventSelectorsNarrowed : Rule
{
    public override string Id => "AWS.CloudTrail.EventSelectorsNarrowed";

    public override Severity Severity => Severity.Medium;

    public override string Description =>
        "A trail's event selectors were replaced with ones that drop management events, record only reads or only " +
        "writes, or exclude whole event sources. The trail keeps running, so the gap is easy to miss, which is " +
        "exactly what makes it useful for hiding activity.";

    public override string Runbook =>
        "Read the selectors in the alert and compare them with the trail's intended configuration. If the change was " +
        "not planned, restore the selectors, then review the actor's activity for calls the narrowed trail would no " +
        "longer record (from another trail or the 90-day event history).";

    public override string Reference => "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html";

    public override IReadOnlyList<string> Tags => ["T1562.008", "Defense Evasion"];

    public override IReadOnlyList<string> EventSources => ["cloudtrail.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutEventSelectors"];

    public override bool Match(Event e)
    {
        if (e.IsError)
        {
            return false;
        }

        JsonField p = e.RequestParameters;
        JsonField basic = p.Get("eventSelectors"u8);
        if (basic.Exists)
        {
            return BasicSelectorsNarrow(basic);
        }

        JsonField advanced = p.Get("advancedEventSelectors"u8);
        return advanced.Exists && AdvancedSelectorsNarrow(advanced);
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} narrowed the event selectors of CloudTrail trail {TrailName.Of(e.Get("requestParameters.trailName"))}";

    public override string Dedup(Event e) => $"{e.UserIdentity.Arn}|{e.Get("requestParameters.trailName")}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actorArn")
    {
        ["trail"] = e.Get("requestParameters.trailName"),
        ["eventSelectors"] = e.Get("requestParameters.eventSelectors"),
        ["advancedEventSelectors"] = e.Get("requestParameters.advancedEventSelectors"),
    };

    // Selectors replace the previous set, so the trail records management events only if some selector asks for
    // all of them; one data-only selector next to a full management selector is fine.
    private static bool BasicSelectorsNarrow(JsonField selectors)
    {
        foreach (JsonField selector in selectors.EnumerateArray())
        {
            // includeManagementEvents defaults to true when omitted, readWriteType to All.
            bool management = selector.Get("includeManagementEvents"u8).AsBoolean() != false;
            JsonField readWrite = selector.Get("readWriteType"u8);
            bool allReadWrite = !readWrite.Exists || readWrite.Equals("All"u8);
            bool noExclusions = selector.Get("excludeManagementEventSources"u8).Count == 0;
            if (management && allReadWrite && noExclusions)
            {
                return false;
            }
        }

        return true;
    }

    // An advanced selector covers all management events when it matches eventCategory = Management and adds no
    // readOnly or eventSource field that would filter some of them out.
    private static bool AdvancedSelectorsNarrow(JsonField selectors)
    {
        foreach (JsonField selector in selectors.EnumerateArray())
        {
            bool management = false;
            bool filtered = false;
            foreach (JsonField field in selector.Get("fieldSelectors"u8).EnumerateArray())
            {
                JsonField name = field.Get("field"u8);
                if (name.Equals("eventCategory"u8))
                {
                    foreach (JsonField value in field.Get("equals"u8).EnumerateArray())
                    {
                        management |= value.Equals("Management"u8);
                    }
                }
                else if (name.Equals("readOnly"u8) || name.Equals("eventSource"u8))
                {
                    filtered = true;
                }
            }

            if (management && !filtered)
            {
                return false;
            }
        }

        return true;
    }
}

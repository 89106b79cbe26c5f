using FixtureDependency;
using Iota.Sdk;

namespace FixturePlugin;

/// <summary>Matches the fixture event and titles it through the plugin's own dependency.</summary>
public sealed class ShoutingRule : Rule
{
    public override string Id => "Fixture.Plugin.Shouting";

    public override Severity Severity => Severity.Medium;

    public override IReadOnlyList<string> EventNames => ["FixtureEvent"];

    public override bool Match(Event e) => e.EventName == "FixtureEvent";

    public override string Title(Event e) => Shouter.Shout(e.Get("requestParameters.word").ToString());
}

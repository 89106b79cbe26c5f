namespace Iota.Engine.Tests.Support;

/// <summary>Source text of small .csx rules.</summary>
internal static class Rules
{
    /// <summary>A rule that matches every event named <paramref name="eventName"/> (prefiltered on it).</summary>
    public static string Simple(string id, string eventName, string title = "") => $$"""
        public sealed class SimpleRule : Rule
        {
            public override string Id => "{{id}}";
            public override IReadOnlyList<string> EventNames => ["{{eventName}}"];
            public override bool Match(Event e) => e.EventName == "{{eventName}}";
            {{(title.Length > 0 ? $"public override string Title(Event e) => \"{title}\";" : "")}}
        }
        """;
}

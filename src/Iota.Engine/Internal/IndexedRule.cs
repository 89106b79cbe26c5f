using Iota.Sdk;

namespace Iota.Engine.Internal;

/// <summary>A C# rule with its descriptor and its prefilters in the form dispatch checks them.</summary>
internal sealed class IndexedRule(Rule rule, RuleDescriptor descriptor)
{
    public Rule Rule { get; } = rule;

    public RuleDescriptor Descriptor { get; } = descriptor;

    /// <summary>Whether an event reached by its eventName still has to pass the eventSource prefilter.</summary>
    public bool ChecksSource { get; } = descriptor.EventNames.Count > 0 && descriptor.EventSources.Count > 0;

    private readonly string[] _sources = [.. descriptor.EventSources];

    public bool SourceMatches(JsonField eventSource)
    {
        foreach (string source in _sources)
        {
            if (eventSource.Equals(source))
            {
                return true;
            }
        }

        return false;
    }
}

namespace Iota.Sdk;

/// <summary>
/// A detection rule. Derive from this class in a <c>.csx</c> file or a plugin assembly, give it an
/// <see cref="Id"/>, a <see cref="Severity"/> and a <see cref="Match"/>; everything else has a sensible default.
/// One instance serves every event and may be called from several threads at once, so keep per-event state in
/// locals, not fields.
/// </summary>
/// <example>
/// <code>
/// public sealed class RootConsoleLogin : Rule
/// {
///     public override string Id => "AWS.CloudTrail.RootConsoleLogin";
///     public override Severity Severity => Severity.High;
///     public override IReadOnlyList&lt;string&gt; EventNames => ["ConsoleLogin"];
///     public override bool Match(Event e) => e.UserIdentity.IsRoot;
/// }
/// </code>
/// </example>
public abstract class Rule
{
    /// <summary>The log type of AWS CloudTrail events, the default for <see cref="LogTypes"/>.</summary>
    public const string CloudTrail = "AWS.CloudTrail";

    /// <summary>A stable, unique id, e.g. <c>AWS.CloudTrail.RootConsoleLogin</c>. Alerts are keyed by it.</summary>
    public abstract string Id { get; }

    /// <summary>The alert severity unless <see cref="SeverityFor"/> overrides it per event.</summary>
    public virtual Severity Severity => Severity.Info;

    /// <summary>The log types the rule reads; default <see cref="CloudTrail"/>.</summary>
    public virtual IReadOnlyList<string> LogTypes => [CloudTrail];

    /// <summary>
    /// Prefilter: when not empty, only events whose <c>eventSource</c> is one of these reach <see cref="Match"/>.
    /// </summary>
    public virtual IReadOnlyList<string> EventSources => [];

    /// <summary>
    /// Prefilter: when not empty, only events whose <c>eventName</c> is one of these reach <see cref="Match"/>.
    /// </summary>
    public virtual IReadOnlyList<string> EventNames => [];

    /// <summary>How long, in minutes, later matches with the same dedup string add to one alert. Default 60.</summary>
    public virtual int DedupPeriodMinutes => 60;

    /// <summary>How many matches must fall in one dedup window before an alert is raised. Default 1.</summary>
    public virtual int Threshold => 1;

    /// <summary>What the rule detects and why it matters.</summary>
    public virtual string Description => "";

    /// <summary>What a responder should do first.</summary>
    public virtual string Runbook => "";

    /// <summary>A link to background reading.</summary>
    public virtual string Reference => "";

    /// <summary>Tags, including MITRE ATT&amp;CK technique ids such as <c>T1562.008</c>.</summary>
    public virtual IReadOnlyList<string> Tags => [];

    /// <summary>Disabled rules are loaded and listed but never evaluated.</summary>
    public virtual bool Enabled => true;

    /// <summary>True when the event should raise (or count towards) an alert. Must not throw for missing fields.</summary>
    public abstract bool Match(Event e);

    /// <summary>The alert title for a matching event; name the actor and the resource. Default: <see cref="Id"/>.</summary>
    public virtual string Title(Event e) => Id;

    /// <summary>Groups matches into one alert within the dedup window. Default: the title.</summary>
    public virtual string Dedup(Event e) => Title(e);

    /// <summary>Per-event severity. Default: <see cref="Severity"/>.</summary>
    public virtual Severity SeverityFor(Event e) => Severity;

    /// <summary>
    /// Fields a responder needs first, as name/value pairs. Values may be strings, numbers, booleans, null,
    /// <see cref="JsonField"/>s (copied as JSON), lists and nested dictionaries. Default: none.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?>? AlertContext(Event e) => null;
}

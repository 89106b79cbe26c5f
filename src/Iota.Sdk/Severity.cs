namespace Iota.Sdk;

/// <summary>How urgently an alert needs a human. Ordered from least to most severe.</summary>
public enum Severity
{
    /// <summary>Context worth recording; nobody needs to act.</summary>
    Info = 0,

    /// <summary>Unusual but usually benign; review in bulk.</summary>
    Low = 1,

    /// <summary>Likely needs a look within a working day.</summary>
    Medium = 2,

    /// <summary>Needs a look within the hour.</summary>
    High = 3,

    /// <summary>Page someone now.</summary>
    Critical = 4,
}

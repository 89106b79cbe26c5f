namespace Iota.Pipeline.State;

/// <summary>Whether an integration has delivered logs recently; stored as <c>ACTIVE</c>/<c>INACTIVE</c>.</summary>
public enum IntegrationStatus
{
    /// <summary>No recent events, or never read yet.</summary>
    Inactive = 0,

    /// <summary>Events are arriving.</summary>
    Active = 1,
}

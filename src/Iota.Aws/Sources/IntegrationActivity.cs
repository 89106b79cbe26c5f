using Iota.Pipeline.State;

namespace Iota.Aws.Sources;

/// <summary>
/// Marks integrations INACTIVE when their newest event is older than a limit. Reading events marks them ACTIVE
/// again (<see cref="IntegrationStore.RecordEvents"/>), so the status says whether logs are still arriving.
/// </summary>
public static class IntegrationActivity
{
    /// <summary>Sets every active integration whose last event is older than <paramref name="quietLimit"/> to INACTIVE.</summary>
    /// <returns>The labels marked inactive.</returns>
    public static IReadOnlyList<string> MarkQuiet(IntegrationStore store, DateTimeOffset now, TimeSpan quietLimit)
    {
        ArgumentNullException.ThrowIfNull(store);
        var quiet = store.List()
            .Where(i => i.Status == IntegrationStatus.Active && (i.LastEventTime is null || now - i.LastEventTime.Value > quietLimit))
            .Select(i => i.Label)
            .ToList();
        foreach (string label in quiet)
        {
            store.SetStatus(label, IntegrationStatus.Inactive);
        }

        return quiet;
    }
}

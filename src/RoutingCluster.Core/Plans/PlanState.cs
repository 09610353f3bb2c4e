using System.Collections.Immutable;

namespace RoutingCluster.Plans;

/// <summary>What a subscription profile's grain knows of its plan: a figure per window, the plan's status, and its last probe.</summary>
/// <param name="Claim">The window the provider said binds now, as it names it.</param>
/// <param name="LastProbeAt">When the heartbeat last probed (whatever came of it): at most one probe per interval.</param>
[GenerateSerializer]
[Immutable]
public sealed record PlanState(
    [property: Id(0)] ImmutableArray<PlanWindowState> Windows,
    [property: Id(1)] string? Status,
    [property: Id(2)] DateTimeOffset? StatusResetAt,
    [property: Id(3)] string? Claim,
    [property: Id(4)] DateTimeOffset? LastProbeAt)
{
    public static PlanState Empty { get; } = new([], null, null, null, null);

    /// <summary>When the freshest figure was heard, or null if none was.</summary>
    public DateTimeOffset? LastFigureAt
    {
        get
        {
            DateTimeOffset? latest = null;
            foreach (var window in Windows)
            {
                if (window.ObservedAt > latest || latest is null)
                {
                    latest = window.ObservedAt ?? latest;
                }
            }

            return latest;
        }
    }

    public PlanWindowState? Window(string name)
    {
        foreach (var window in Windows)
        {
            if (window.Name == name)
            {
                return window;
            }
        }

        return null;
    }
}

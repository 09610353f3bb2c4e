namespace RoutingCluster.Plans;

/// <summary>A profile's figure for one window, with where it came from and when.</summary>
/// <param name="Utilization">Used fraction, 0..1 (0 when only declared).</param>
/// <param name="ResetAt">When the window refills; past it, the figure no longer holds.</param>
/// <param name="ObservedAt">When the figure was heard (for a declared window: never, null).</param>
[GenerateSerializer]
[Immutable]
public sealed record PlanWindowState(
    [property: Id(0)] string Name,
    [property: Id(1)] double Utilization,
    [property: Id(2)] DateTimeOffset? ResetAt,
    [property: Id(3)] string? Status,
    [property: Id(4)] PlanSource Source,
    [property: Id(5)] DateTimeOffset? ObservedAt)
{
    /// <summary>The figure still holds at <paramref name="now"/>: its reset, if known, is still ahead.</summary>
    public bool HoldsAt(DateTimeOffset now) => ResetAt is not { } reset || reset > now;
}

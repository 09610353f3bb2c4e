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
    /// <summary>How long a figure holds when the provider gave no reset (a generic mapping without one).</summary>
    public static readonly TimeSpan UnknownResetHold = TimeSpan.FromMinutes(15);

    /// <summary>When the figure stops holding: the window's reset, or <see cref="UnknownResetHold"/> after it was heard; null when it never will (declared only).</summary>
    public DateTimeOffset? HoldsUntil => ResetAt ?? ObservedAt + UnknownResetHold;

    /// <summary>The figure still holds at <paramref name="now"/>: its reset (or, without one, its hold) is still ahead.</summary>
    public bool HoldsAt(DateTimeOffset now) => HoldsUntil is not { } until || until > now;
}

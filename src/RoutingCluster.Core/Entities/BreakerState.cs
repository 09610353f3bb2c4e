using System.Collections.Immutable;

namespace RoutingCluster.Entities;

/// <summary>
/// Circuit-breaker state. <see cref="OpenUntil"/> is set while open; the move to half-open happens
/// lazily on the first admission check after it. Probes are tracked by lease so the number in
/// flight is exact cluster-wide and a probe lost with its node frees its slot at expiry.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record BreakerState(
    [property: Id(0)] BreakerPhase Phase,
    [property: Id(1)] int ConsecutiveFailures,
    [property: Id(2)] DateTimeOffset? OpenUntil,
    [property: Id(3)] ImmutableArray<ProbeSlot> Probes,
    [property: Id(4)] ImmutableArray<OutcomeBucket> Samples)
{
    public static readonly BreakerState Closed = new(BreakerPhase.Closed, 0, null, [], []);

    /// <summary>The phase as of <paramref name="now"/>: an open breaker past its break is half-open.</summary>
    public BreakerPhase PhaseAt(DateTimeOffset now) =>
        Phase == BreakerPhase.Open && OpenUntil <= now ? BreakerPhase.HalfOpen : Phase;
}

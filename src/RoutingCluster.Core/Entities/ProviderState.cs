namespace RoutingCluster.Entities;

/// <summary>
/// Runtime state of one provider: a breaker over failures that speak for the whole upstream
/// (5xx, connect errors, timeouts, broken streams) whichever key saw them, and its health.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record ProviderState([property: Id(0)] long Version, [property: Id(1)] BreakerState Breaker, [property: Id(2)] HealthState Health) : IEntityState<ProviderState>
{
    public static ProviderState Initial { get; } = new(0, BreakerState.Closed, HealthState.Unknown);

    public ProviderState WithVersion(long version) => this with { Version = version };
}

using RoutingCluster.Plans;

namespace RoutingCluster.Entities;

/// <summary>What a credential's limits, breaker and key are under the current config.</summary>
/// <param name="Plan">A subscription profile's thresholds; null for an API key.</param>
[GenerateSerializer]
[Immutable]
public sealed record CredentialPolicy(
    [property: Id(0)] CredentialLimits Limits,
    [property: Id(1)] BreakerOptions Breaker,
    [property: Id(2)] string Fingerprint,
    [property: Id(3)] PlanPolicy? Plan = null);

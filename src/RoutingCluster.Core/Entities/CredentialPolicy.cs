namespace RoutingCluster.Entities;

/// <summary>What a credential's limits, breaker and key are under the current config.</summary>
public sealed record CredentialPolicy(CredentialLimits Limits, BreakerOptions Breaker, string Fingerprint);

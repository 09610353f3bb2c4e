namespace RoutingCluster.Entities;

/// <summary>A half-open probe in flight; it frees its slot when settled or when it expires.</summary>
public sealed record ProbeSlot(string LeaseId, DateTimeOffset ExpiresAt);

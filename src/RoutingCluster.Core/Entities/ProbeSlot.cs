namespace RoutingCluster.Entities;

/// <summary>A half-open probe in flight; it frees its slot when settled or when it expires.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ProbeSlot([property: Id(0)] string LeaseId, [property: Id(1)] DateTimeOffset ExpiresAt);

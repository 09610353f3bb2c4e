namespace RoutingCluster.Entities;

/// <summary>A lease id released before it was acquired; remembered until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer]
[Immutable]
public sealed record LeaseTombstone([property: Id(0)] string LeaseId, [property: Id(1)] DateTimeOffset ExpiresAt);

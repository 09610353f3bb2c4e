namespace RoutingCluster.Entities;

/// <summary>
/// One admitted attempt in flight. It holds a concurrency slot and the token reservation until it
/// is settled, or until <see cref="ExpiresAt"/> when the node holding it died.
/// </summary>
/// <param name="Probe">True when the attempt was admitted as a half-open breaker probe.</param>
/// <param name="Node">The silo address of the node holding it; when the cluster declares that node dead, the credential grain releases it early.</param>
[GenerateSerializer]
[Immutable]
public sealed record Lease([property: Id(0)] string Id, [property: Id(1)] DateTimeOffset AcquiredAt, [property: Id(2)] DateTimeOffset ExpiresAt, [property: Id(3)] long ReservedTokens, [property: Id(4)] bool Probe, [property: Id(5)] string? Node = null)
{
    /// <summary>Id prefix of the slots a recovered grain holds for leases its crashed activation granted.</summary>
    public const string RecoveredPrefix = "recovered:";
}

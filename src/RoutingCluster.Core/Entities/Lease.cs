namespace RoutingCluster.Entities;

/// <summary>
/// One admitted attempt in flight. It holds a concurrency slot and the token reservation until it
/// is settled, or until <see cref="ExpiresAt"/> when the node holding it died.
/// </summary>
/// <param name="Probe">True when the attempt was admitted as a half-open breaker probe.</param>
/// <param name="Node">The gateway node holding it; when that node is declared dead the leader releases it early.</param>
public sealed record Lease(string Id, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt, long ReservedTokens, bool Probe, string? Node = null);

namespace RoutingCluster.Entities;

/// <param name="LeaseId">Unique per attempt, chosen by the caller.</param>
/// <param name="ReservedTokens">Estimated input + max output tokens, reserved in token windows until settled.</param>
/// <param name="LeaseTtl">How long the lease holds if never settled (node died).</param>
/// <param name="Node">The node taking the lease (null on a single node).</param>
public sealed record AcquireCommand(string LeaseId, long ReservedTokens, TimeSpan LeaseTtl, CredentialPolicy Policy, string? Node = null);

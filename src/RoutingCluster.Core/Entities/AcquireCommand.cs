namespace RoutingCluster.Entities;

/// <param name="LeaseId">Unique per attempt, chosen by the caller.</param>
/// <param name="ReservedTokens">Estimated input + max output tokens, reserved in token windows until settled.</param>
/// <param name="LeaseTtl">How long the lease holds if never settled (node died).</param>
/// <param name="Node">The node taking the lease (null on a single node).</param>
[GenerateSerializer]
[Immutable]
public sealed record AcquireCommand([property: Id(0)] string LeaseId, [property: Id(1)] long ReservedTokens, [property: Id(2)] TimeSpan LeaseTtl, [property: Id(3)] CredentialPolicy Policy, [property: Id(4)] string? Node = null);

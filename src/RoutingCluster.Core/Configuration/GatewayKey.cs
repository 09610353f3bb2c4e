namespace RoutingCluster.Configuration;

/// <param name="Id">A stable, non-secret name for the key (<c>gateway-key-1</c>, ...).</param>
/// <param name="Sha256">SHA-256 of the key; the key itself is not kept.</param>
public sealed record GatewayKey(string Id, byte[] Sha256);

namespace RoutingCluster.Configuration;

/// <summary>A gateway key as the gateway keeps it: its hash and whom it lets in, never the key.</summary>
/// <param name="Id">A stable, non-secret name for the key, unique across tenants and admin keys.</param>
/// <param name="Sha256">SHA-256 of the key (UTF-8).</param>
/// <param name="TenantId">The tenant it calls as; null for an entry of <c>adminKeys</c>, which sends no model requests.</param>
/// <param name="Admin">It may use <c>/admin</c> with every tenant's data.</param>
/// <param name="Revoked">Refused like an unknown key.</param>
public sealed record GatewayKey(string Id, byte[] Sha256, string? TenantId, bool Admin, bool Revoked = false);

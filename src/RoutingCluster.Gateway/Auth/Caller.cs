using RoutingCluster.Configuration;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Auth;

/// <summary>Who a request comes from, as its gateway key says. One instance per configured key, reused.</summary>
/// <param name="Key">The key presented; null on an open gateway (no key configured).</param>
/// <param name="Tenant">The tenant it calls as; null for an admin key, which sends no model requests.</param>
public sealed record Caller(GatewayKey? Key, TenantDefinition? Tenant)
{
    /// <summary>Every caller of a gateway with no key configured: unrestricted, admin included.</summary>
    public static Caller Open { get; } = new(null, TenantDefinition.Anonymous);

    /// <summary>The key's id (never the key), or <c>anonymous</c> on an open gateway.</summary>
    public string KeyId => Key?.Id ?? TenantDefinition.Anonymous.Id;

    /// <summary>The tenant's id, or empty for an admin key.</summary>
    public string TenantId => Tenant?.Id ?? "";

    /// <summary>It may use <c>/admin</c> with every tenant's data.</summary>
    public bool Admin => Key?.Admin ?? true;
}

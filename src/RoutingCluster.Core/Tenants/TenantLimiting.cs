using RoutingCluster.Entities;

namespace RoutingCluster.Tenants;

/// <summary>
/// A tenant's rate limits (rpm, tpm, concurrency) run on a credential grain of their own, keyed
/// <see cref="GrainKey"/>: the same windows, hi/lo allowance blocks and leases as a provider key,
/// so they hold cluster-wide and across a crash exactly as a credential's do. Its breaker never
/// moves: the gateway settles the tenant's lease as a success whatever the upstreams did.
/// </summary>
public static class TenantLimiting
{
    /// <summary>Prefix of the tenants' limiter grains among the credential grains.</summary>
    public const string GrainPrefix = "tenant:";

    private const string Fingerprint = "tenant-limits";

    public static string GrainKey(string tenantId) => GrainPrefix + tenantId;

    /// <summary>True when the tenant declares any limit: otherwise the request path makes no limiter call at all.</summary>
    public static bool Limits(TenantDefinition tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.Limits.Concurrency is not null || tenant.Limits.Windows.Count > 0;
    }

    public static CredentialPolicy Policy(TenantDefinition tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new(tenant.Limits, BreakerOptions.Default, Fingerprint);
    }
}

using RoutingCluster.Configuration;

namespace RoutingCluster.Tenants;

/// <summary>
/// What a tenant's requests may use; a null set allows anything. Applied while planning, before any
/// upstream is called (see the route planner).
/// </summary>
public sealed record TenantPolicy(
    IReadOnlySet<string>? Roles,
    IReadOnlySet<string>? Models,
    IReadOnlySet<string>? Providers,
    IReadOnlySet<string>? Regions,
    IReadOnlySet<ProviderClass>? Classes,
    bool PreferLocal)
{
    public static TenantPolicy Unrestricted { get; } = new(null, null, null, null, null, false);

    public bool IsUnrestricted => Roles is null && Models is null && Providers is null && Regions is null && Classes is null && !PreferLocal;
}

using System.Security.Claims;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// The principal of a request let in by its gateway key: the tenant, the key's id, and the
/// <see cref="AdminRole"/> role when the key may read every tenant's data.
/// </summary>
public static class GatewayPrincipal
{
    /// <summary>The claim type holding the tenant id (empty for an admin key).</summary>
    public const string TenantClaim = "routing.tenant";

    /// <summary>The claim type holding the key id; the principal's name.</summary>
    public const string KeyClaim = "routing.key";

    public const string AdminRole = "admin";

    public static ClaimsPrincipal Create(Caller caller)
    {
        List<Claim> claims = [new(KeyClaim, caller.KeyId), new(TenantClaim, caller.TenantId)];
        if (caller.Admin)
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }

        return new(new ClaimsIdentity(claims, GatewayKeyAuthentication.Scheme, KeyClaim, ClaimTypes.Role));
    }

    /// <summary>The tenant whose data the principal may read alone; null for an admin, who may read all.</summary>
    public static string? ScopedTenant(ClaimsPrincipal user) => user.IsInRole(AdminRole) ? null : user.FindFirstValue(TenantClaim) ?? "";
}

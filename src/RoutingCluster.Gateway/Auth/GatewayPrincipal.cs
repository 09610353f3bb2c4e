using System.Security.Claims;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// The principal of a request let in by its gateway key: its name is the tenant, the id of the
/// key presented, or <see cref="GatewayKeyAuthenticator.Anonymous"/> when no gateway keys are configured.
/// </summary>
public static class GatewayPrincipal
{
    /// <summary>The claim type holding the tenant.</summary>
    public const string TenantClaim = "routing.tenant";

    public static ClaimsPrincipal Create(string tenant) =>
        new(new ClaimsIdentity([new Claim(TenantClaim, tenant)], GatewayKeyAuthentication.Scheme, TenantClaim, roleType: null));
}

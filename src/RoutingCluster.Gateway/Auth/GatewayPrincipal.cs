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

    /// <returns>The tenant of the request, or null when no gateway key let it in.</returns>
    public static string? TenantOf(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: GatewayKeyAuthentication.Scheme } identity ? identity.Name : null;
}

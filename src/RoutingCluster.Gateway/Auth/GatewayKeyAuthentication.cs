using Microsoft.AspNetCore.Authorization;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Registration of the gateway-key scheme. It is the default scheme, so the principal is known for
/// every request; endpoints that need a key say so with <c>RequireAuthorization()</c>.
/// </summary>
public static class GatewayKeyAuthentication
{
    public const string Scheme = "GatewayKey";

    public static IServiceCollection AddGatewayKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddScheme<GatewayKeyAuthenticationOptions, GatewayKeyAuthenticationHandler>(Scheme, null);
        services.AddAuthorization();
        services.AddSingleton<GatewayTickets>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GatewayAuthorizationResultHandler>();
        return services;
    }
}

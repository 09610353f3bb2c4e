namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Registration of the gateway-key scheme. It is the default scheme, so the principal is known for
/// every request; endpoints that need a key say so with <c>RequireAuthorization()</c>, except the
/// front doors, which refuse (and record) a request without one themselves.
/// </summary>
public static class GatewayKeyAuthentication
{
    public const string Scheme = "GatewayKey";

    public static IServiceCollection AddGatewayKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddScheme<GatewayKeyAuthenticationOptions, GatewayKeyAuthenticationHandler>(Scheme, null);
        services.AddAuthorization();
        services.AddSingleton<GatewayTickets>();
        return services;
    }
}

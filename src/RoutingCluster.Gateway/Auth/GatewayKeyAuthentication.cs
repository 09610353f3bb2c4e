using Microsoft.AspNetCore.Authorization;
using RoutingCluster.Gateway.Metrics;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Registration of the gateway-key scheme. It is not a default scheme: the authentication
/// middleware authenticates nothing up front, and only endpoints that say <c>RequireAuthorization()</c>
/// (the model list, count_tokens, <c>/admin</c>) run the handler, through the default policy. The
/// front doors check the key with the same <see cref="GatewayKeyAuthenticator"/> themselves, since
/// they refuse and record a request without one; so the hot path pays for no handler instance,
/// scoped authentication services or policy evaluation.
/// </summary>
public static class GatewayKeyAuthentication
{
    public const string Scheme = "GatewayKey";

    /// <summary>The policy of endpoints only an admin key may use (any authenticated key passes the default one).</summary>
    public const string AdminPolicy = "GatewayAdmin";

    private const string SuppressAutoDefaultScheme = "Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme";

    public static IServiceCollection AddGatewayKeyAuthentication(this IServiceCollection services)
    {
        // The only scheme registered would otherwise become the default one and run on every request;
        // this switch is ASP.NET Core's documented opt-out of that default (since 7.0).
        AppContext.SetSwitch(SuppressAutoDefaultScheme, true);
        services.AddAuthentication().AddScheme<GatewayKeyAuthenticationOptions, GatewayKeyAuthenticationHandler>(Scheme, null);
        services.AddAuthorization(options =>
        {
            options.DefaultPolicy = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();
            options.AddPolicy(AdminPolicy, new AuthorizationPolicyBuilder(Scheme).RequireRole(GatewayPrincipal.AdminRole).Build());
            MetricsExposure.AddPolicy(options);
        });
        services.AddSingleton<GatewayTickets>();
        return services;
    }
}

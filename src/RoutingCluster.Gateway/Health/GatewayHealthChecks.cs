using RoutingCluster.ServiceDefaults;

namespace RoutingCluster.Gateway.Health;

/// <summary>
/// The gateway's readiness checks, run by <c>GET /health/ready</c> (mapped with the service
/// defaults, see <see cref="DefaultEndpoints"/>): the silo has joined the cluster, a config is in
/// force, and PostgreSQL answers when clustered.
/// </summary>
public static class GatewayHealthChecks
{
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloJoinedCheck>("silo", tags: [DefaultEndpoints.ReadyTag])
            .AddCheck<ConfigLoadedCheck>("config", tags: [DefaultEndpoints.ReadyTag])
            .AddCheck<DatabaseCheck>("database", tags: [DefaultEndpoints.ReadyTag]);
        return services;
    }
}

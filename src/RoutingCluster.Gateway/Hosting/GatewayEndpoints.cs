using RoutingCluster.ServiceDefaults;
using RoutingCluster.Gateway.Metrics;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The gateway's HTTP surface. With gateway keys configured, only <c>/health/live</c>,
/// <c>/health/ready</c> and (unless <c>server.metrics.requireAdminKey</c>) <c>/metrics</c> answer without one.
/// </summary>
public static class GatewayEndpoints
{
    /// <param name="metricsPort">The port <c>/metrics</c> alone is served on (read at start), or null for the API's.</param>
    public static IEndpointRouteBuilder MapRoutingCluster(this IEndpointRouteBuilder app, int? metricsPort = null)
    {
        app.MapOpenAi();
        app.MapAnthropic();
        app.MapAdmin();
        app.UseHeadroomGauges();
        app.MapDefaultEndpoints(scrape => MetricsExposure.Configure(scrape, metricsPort));
        return app;
    }
}

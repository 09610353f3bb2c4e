using RoutingCluster.ServiceDefaults;
using RoutingCluster.Gateway.Metrics;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>The gateway's HTTP surface. With gateway keys configured, only <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> answer without one.</summary>
public static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapRoutingCluster(this IEndpointRouteBuilder app)
    {
        app.MapOpenAi();
        app.MapAnthropic();
        app.MapAdmin();
        app.UseHeadroomGauges();
        app.MapDefaultEndpoints();
        return app;
    }
}

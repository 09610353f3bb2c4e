using RoutingCluster.Configuration;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Everything the executor needs for one request, decided by the front door.</summary>
/// <param name="Config">The config snapshot the request started with (a reload mid-request does not change it).</param>
public sealed record RouteRequest(GatewayDefinition Config, RouteTarget Target, IReadOnlyList<PlannedStep> Plan, ClientRequest Client)
{
    public RequestFeatures Features => Client.Inspection.Features;
}

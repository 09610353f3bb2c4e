using RoutingCluster.Configuration;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Everything the executor needs for one request, decided by the front door.</summary>
/// <param name="Config">The config snapshot the request started with (a reload mid-request does not change it).</param>
public sealed record RouteRequest(GatewayDefinition Config, RouteTarget Target, IReadOnlyList<PlannedStep> Plan, ClientRequest Client)
{
    /// <summary>Who sent it (its tenant's policy, budgets and limits apply).</summary>
    public TenantDefinition Tenant { get; init; } = TenantDefinition.Anonymous;

    public RequestFeatures Features => Client.Inspection.Features;
}

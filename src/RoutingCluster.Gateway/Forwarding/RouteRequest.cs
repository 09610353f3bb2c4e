using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Everything the executor needs for one request, decided by the front door.</summary>
/// <param name="Config">The config snapshot the request started with (a reload mid-request does not change it).</param>
public sealed record RouteRequest(GatewayDefinition Config, RouteTarget Target, IReadOnlyList<PlannedStep> Plan, ClientRequest Client)
{
    /// <summary>Who sent it (its tenant's policy, budgets and limits apply).</summary>
    public TenantDefinition Tenant { get; init; } = TenantDefinition.Anonymous;

    /// <summary>The id of the gateway key that authenticated it (never the key): its own budgets apply too.</summary>
    public string KeyId { get; init; } = TenantDefinition.Anonymous.Id;

    /// <summary>The budgets it spends against; null when its tenant and key have none (no budget call is made).</summary>
    public RequestBudgets? Budgets { get; init; }

    public RequestFeatures Features => Client.Inspection.Features;
}

using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.OpenAi;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Operator endpoints. With gateway keys configured they need a gateway key too.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/cluster", ClusterAsync);
        return app;
    }

    /// <summary>This node, whether it leads, whether it is degraded, and every node the registry knows.</summary>
    private static async Task ClusterAsync(HttpContext context, ActiveConfig active, IClusterView cluster, IStoreStatus status)
    {
        if (GatewayKeyAuthenticator.Authenticate(context.Request, active.Current) is null)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "authentication_error", "invalid_api_key", FrontDoorMessages.BadGatewayKey);
            return;
        }

        var nodes = status.IsDegraded ? [] : await cluster.ListNodesAsync(context.RequestAborted);
        await context.Response.WriteAsJsonAsync(new ClusterReport(
            cluster.NodeId, cluster.IsLeader, status.IsDegraded, active.Current.Store.Kind, cluster.LiveNodeCount, nodes));
    }

    public sealed record ClusterReport(string Node, bool Leader, bool Degraded, string Store, int LiveNodes, IReadOnlyList<NodeInfo> Nodes);
}

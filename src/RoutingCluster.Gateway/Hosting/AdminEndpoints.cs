using System.Security.Claims;
using Npgsql;
using System.Data.Common;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Cluster;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Credentials;
using RoutingCluster.Gateway.Health;
using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Gateway.Stats;
using RoutingCluster.Ledger;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// Operator endpoints under <c>/admin</c>. With gateway keys configured, each needs a key: an admin
/// key (from <c>adminKeys</c>, or of a tenant with <c>admin: true</c>) may use all of them; a
/// tenant's key may read only its own ledger records and stats, and gets 403 elsewhere.
/// </summary>
public static class AdminEndpoints
{
    public const string Prefix = "/admin";

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix).WithMetadata(GatewayKeyRefusal.OpenAi);
        admin.MapGet("/cluster", ClusterAsync).RequireAuthorization(GatewayKeyAuthentication.AdminPolicy);
        admin.MapPost(CredentialResetEndpoint.RelativePath, CredentialResetEndpoint.HandleAsync).RequireAuthorization(GatewayKeyAuthentication.AdminPolicy);
        admin.MapGet(Plans.ProfilesEndpoint.RelativePath, Plans.ProfilesEndpoint.HandleAsync).RequireAuthorization(GatewayKeyAuthentication.AdminPolicy);
        // Scoped to the caller's tenant unless it is an admin (GatewayPrincipal.ScopedTenant).
        admin.MapGet("/requests", RequestsAsync).RequireAuthorization();
        admin.MapGet("/requests/{id}", RequestAsync).RequireAuthorization();
        admin.MapGet(StatsEndpoint.RelativePath, StatsEndpoint.HandleAsync).RequireAuthorization();
        return app;
    }

    /// <summary>This node, every silo Orleans' membership lists (status, address, since), and whether the database answers.</summary>
    private static async Task ClusterAsync(HttpContext context, ActiveConfig active, IClusterView cluster, IServiceProvider services)
    {
        IReadOnlyList<NodeInfo> nodes;
        try
        {
            nodes = await cluster.ListNodesAsync(context.RequestAborted).WaitAsync(TimeSpan.FromSeconds(5), context.RequestAborted);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "service_unavailable", "cluster_unavailable",
                $"This node could not read the cluster's membership ({e.GetType().Name}); it may still be joining. Retry shortly.", TimeSpan.FromSeconds(1));
            return;
        }

        var database = await DatabaseProbe.StateAsync(services.GetService<NpgsqlDataSource>(), context.RequestAborted);
        await context.Response.WriteAsJsonAsync(new ClusterReport(
            cluster.NodeId, cluster.SiloAddress, RoutingCluster.Configuration.StoreKinds.Name(active.Current.Store.Kind), database, nodes.Count(n => n.Status == "active"), nodes));
    }

    /// <summary>Recent ledger records, newest first, filtered by <c>role</c>, <c>status</c> (<c>429</c>, <c>5xx</c>) and <c>since</c>.</summary>
    private static async Task RequestsAsync(HttpContext context, ILedger ledger)
    {
        if (LedgerQueryParser.Parse(context.Request.Query, out var errors) is not { } query)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_query", string.Join(" ", errors));
            return;
        }

        try
        {
            var records = await ledger.QueryAsync(query with { Tenant = GatewayPrincipal.ScopedTenant(context.User) }, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new RequestsReport(records.Count, records));
        }
        catch (DbException)
        {
            await LedgerUnavailableAsync(context);
        }
    }

    /// <summary>One ledger record in full, by the id the gateway answered in <c>x-routing-request-id</c>.</summary>
    private static async Task RequestAsync(HttpContext context, string id, ILedger ledger)
    {
        try
        {
            // Another tenant's record answers like a missing one: its existence is not the caller's to know.
            if (await ledger.GetAsync(id, context.RequestAborted) is { } record && VisibleTo(context.User, record))
            {
                await context.Response.WriteAsJsonAsync(record);
                return;
            }
        }
        catch (DbException)
        {
            await LedgerUnavailableAsync(context);
            return;
        }

        await OpenAiErrors.WriteAsync(context, StatusCodes.Status404NotFound, "invalid_request_error", "request_not_found",
            $"No request `{id}` in the ledger (the embedded ledger keeps only the most recent {MemoryLedger.DefaultCapacity}).");
    }

    private static bool VisibleTo(ClaimsPrincipal user, LedgerRecord record) =>
        GatewayPrincipal.ScopedTenant(user) is not { } tenant || record.Tenant == tenant;

    private static Task LedgerUnavailableAsync(HttpContext context) =>
        OpenAiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "service_unavailable", "ledger_unavailable",
            "The ledger store (PostgreSQL) is unreachable; records are buffered and written when it is back. Retry later.");

    public sealed record RequestsReport(int Count, IReadOnlyList<LedgerRecord> Requests);

    public sealed record ClusterReport(string Node, string Silo, string Store, string Database, int ActiveNodes, IReadOnlyList<NodeInfo> Nodes);
}

using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Ledger;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Stats;

/// <summary>
/// <c>GET /admin/stats?since=</c>: the <see cref="StatsReport"/> over this node's ledger (the whole
/// cluster's with the PostgreSQL ledger). Reads at most <see cref="MaxRecords"/> records, newest
/// first; the report says when it was cut short.
/// </summary>
public static class StatsEndpoint
{
    public const string RelativePath = "/stats";

    public const string Path = AdminEndpoints.Prefix + RelativePath;
    public const int MaxRecords = 100_000;

    public static async Task HandleAsync(HttpContext context, ActiveConfig active, ILedger ledger, TimeProvider time)
    {
        var config = active.Current;
        var now = time.GetUtcNow();
        if (StatsWindow.ParseSince(context.Request.Query["since"], now, out var error) is not { } since)
        {
            await OpenAiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", "invalid_since", error!);
            return;
        }

        var tenant = GatewayPrincipal.ScopedTenant(context.User);
        var records = await ledger.QueryAsync(new LedgerQuery(Limit: MaxRecords, Since: since, Tenant: tenant), context.RequestAborted);
        var report = StatsCalculator.Compute(records, config, since, now) with { Truncated = records.Count >= MaxRecords };
        await context.Response.WriteAsJsonAsync(report, context.RequestAborted);
    }
}

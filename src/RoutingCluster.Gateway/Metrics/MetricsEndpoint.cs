using System.Text;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>Registration and the <c>GET /metrics</c> endpoint.</summary>
public static class MetricsEndpoint
{
    /// <summary>The traffic instruments (as a request sink), their collector and the headroom gauges.</summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<Ledger.IRequestSink>(sp => sp.GetRequiredService<GatewayMetrics>());
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<HeadroomGauges>();
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c> in the Prometheus text format. It needs no gateway key, as is usual for
    /// Prometheus targets: it carries ids and counts, never a secret. Bind the gateway to a private
    /// address or restrict access to this path at the network level when that matters.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // The collector must listen from the start, not from the first scrape.
        _ = app.ServiceProvider.GetRequiredService<MetricsCollector>();
        app.MapGet("/metrics", WriteAsync);
        return app;
    }

    private static async Task WriteAsync(HttpContext context, MetricsCollector collector, HeadroomGauges headroom)
    {
        var output = new StringBuilder();
        var text = new PrometheusText(output);
        // Headroom first: it awaits the store, so the traffic counters written after it are as fresh as possible.
        await headroom.WriteAsync(text, context.RequestAborted);
        collector.Write(text);
        context.Response.ContentType = PrometheusText.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(output.ToString(), Encoding.UTF8, context.RequestAborted);
    }
}

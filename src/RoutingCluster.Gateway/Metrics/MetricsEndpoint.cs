using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using RoutingCluster.Gateway.Tracing;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// The gateway's instruments and their export: <c>GET /metrics</c> through OpenTelemetry's
/// Prometheus exporter, and OTLP as well when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// <para>
/// Meters are enabled through <see cref="IMetricsBuilder"/> with their scope: the gateway's own,
/// Orleans', ASP.NET Core's and the HTTP client's are created by this host's meter factory
/// (<see cref="MeterScope.Local"/>), so a process hosting several gateways (as the tests do)
/// exports each one's figures only; the runtime's meter is process-wide.
/// </para>
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>The name of the meter Orleans records its silo, messaging, grain and membership instruments on.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Series kept per Orleans instrument; further tag sets fold into one overflow series.</summary>
    public const int MaxOrleansSeries = 100;

    /// <summary>Series kept per gateway instrument (ids of roles, models, credentials, tenants are bounded by config).</summary>
    public const int MaxGatewaySeries = 20_000;

    /// <summary>Meters of this host's meter factory that are exported besides the gateway's own.</summary>
    public static readonly string[] LocalMeters = [OrleansMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"];

    /// <summary>Process-wide meters that are exported (the .NET runtime: GC, heap, thread pool, JIT, exceptions).</summary>
    public static readonly string[] GlobalMeters = ["System.Runtime"];

    private const string ListenerName = "OpenTelemetry";

    /// <summary>The service name of the gateway's telemetry unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "routingcluster";

    /// <summary>The traffic instruments (as a request sink) and the headroom gauges.</summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<Ledger.IRequestSink>(sp => sp.GetRequiredService<GatewayMetrics>());
        services.AddSingleton<HeadroomGauges>();
        return services;
    }

    /// <summary>OpenTelemetry's meter provider over the instruments, with the Prometheus exporter (and OTLP when configured).</summary>
    public static IServiceCollection AddMetricsExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics(metrics =>
        {
            metrics.EnableMetrics(GatewayMetrics.MeterName, null, ListenerName, MeterScope.Local);
            foreach (var meter in LocalMeters)
            {
                metrics.EnableMetrics(meter, null, ListenerName, MeterScope.Local);
            }

            foreach (var meter in GlobalMeters)
            {
                metrics.EnableMetrics(meter, null, ListenerName, MeterScope.Global);
            }
        });
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // An orchestrator (Aspire, a collector's config) may name each node through OTEL_SERVICE_NAME: keep its name.
                if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(ServiceName);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddView(instrument => new MetricStreamConfiguration
                {
                    CardinalityLimit = instrument.Meter.Name == OrleansMeter ? MaxOrleansSeries : MaxGatewaySeries,
                });
                // Every scrape collects afresh: a cached answer would show a test, or an operator, figures older than the request just made.
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (GatewayTracing.Exporting(configuration))
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c> in the Prometheus text format (OpenMetrics when the scraper asks for it).
    /// It needs no gateway key, as is usual for Prometheus targets: it carries ids and counts, never
    /// a secret. Bind the gateway to a private address or restrict access to this path at the
    /// network level when that matters.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // The gauges must exist from the start, not from the first scrape.
        _ = app.ServiceProvider.GetRequiredService<HeadroomGauges>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}

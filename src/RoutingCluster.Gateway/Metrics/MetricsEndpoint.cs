using RoutingCluster.Gateway.Tracing;
using RoutingCluster.ServiceDefaults;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// The gateway's instruments and what it exports through the service defaults
/// (<see cref="TelemetryDefaults"/>): its own meter, Orleans', ASP.NET Core's, Kestrel's and the
/// HTTP client's (all created by the host's meter factory, so a process hosting several gateways,
/// as the tests do, exports each one's figures only), and the .NET runtime's (process-wide).
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>The name of the meter Orleans records its silo, messaging, grain and membership instruments on.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Series kept per Orleans instrument; further tag sets fold into one overflow series.</summary>
    public const int MaxOrleansSeries = 100;

    /// <summary>Series kept per gateway instrument (ids of roles, models, credentials, tenants are bounded by config).</summary>
    public const int MaxGatewaySeries = 20_000;

    /// <summary>The service name of the gateway's telemetry unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "routingcluster";

    /// <summary>What the gateway exports.</summary>
    public static readonly TelemetrySettings Telemetry = new(
        ServiceName,
        LocalMeters: [GatewayMetrics.MeterName, OrleansMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"],
        GlobalMeters: ["System.Runtime"],
        SeriesLimits: new Dictionary<string, int>(StringComparer.Ordinal) { [OrleansMeter] = MaxOrleansSeries },
        DefaultSeriesLimit: MaxGatewaySeries,
        ActivitySources: [GatewayTracing.SourceName]);

    /// <summary>The traffic instruments (as a request sink) and the headroom gauges.</summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<Ledger.IRequestSink>(sp => sp.GetRequiredService<GatewayMetrics>());
        services.AddSingleton<HeadroomGauges>();
        services.AddSingleton<BudgetMetrics>();
        return services;
    }

    /// <summary>
    /// Creates the headroom gauges at start (not at the first scrape). <c>GET /metrics</c> itself is
    /// mapped with the service defaults: it needs no gateway key, as is usual for Prometheus
    /// targets, and carries ids and counts, never a secret. Bind the gateway to a private address or
    /// restrict access to this path at the network level when that matters.
    /// </summary>
    public static IEndpointRouteBuilder UseHeadroomGauges(this IEndpointRouteBuilder app)
    {
        _ = app.ServiceProvider.GetRequiredService<HeadroomGauges>();
        _ = app.ServiceProvider.GetRequiredService<BudgetMetrics>();
        return app;
    }
}

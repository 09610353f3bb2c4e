using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RoutingCluster.ServiceDefaults;

/// <summary>
/// The OpenTelemetry wiring every service of the project shares (the service defaults of an
/// Aspire-style setup): metrics through the Prometheus exporter, and over OTLP as well as traces
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard <c>OTEL_*</c> settings apply).
/// </summary>
public static class TelemetryDefaults
{
    /// <summary>The activity source of ASP.NET Core's server spans (one per HTTP request).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string ListenerName = "OpenTelemetry";

    /// <summary>Whether telemetry is exported over OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <remarks>
    /// Meters are enabled through <see cref="IMetricsBuilder"/> with their scope rather than by
    /// name on the SDK, which would listen to every meter of that name in the process. No tracer
    /// provider is registered unless traces are exported: one listening to the service's sources
    /// (or ASP.NET Core's) would start activities on every request and send a <c>traceparent</c>
    /// upstream. The hosting package starts the providers with the host and flushes them when the
    /// host disposes them.
    /// </remarks>
    public static IServiceCollection AddTelemetryDefaults(this IServiceCollection services, IConfiguration configuration, TelemetrySettings settings)
    {
        services.AddMetrics(metrics =>
        {
            foreach (var meter in settings.LocalMeters)
            {
                metrics.EnableMetrics(meter, null, ListenerName, MeterScope.Local);
            }

            foreach (var meter in settings.GlobalMeters)
            {
                metrics.EnableMetrics(meter, null, ListenerName, MeterScope.Global);
            }
        });
        var exportsOtlp = ExportsOtlp(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(settings.ServiceName);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddView(instrument => new MetricStreamConfiguration
                {
                    CardinalityLimit = settings.SeriesLimits.GetValueOrDefault(instrument.Meter.Name, settings.DefaultSeriesLimit),
                });
                // Every scrape collects afresh: a cached answer would show figures older than the request just made.
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (exportsOtlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (exportsOtlp)
        {
            // ASP.NET Core's own source too: its server span is the parent of the service's, and a
            // parent nobody sampled would make the default (parent-based) sampler drop every span.
            telemetry.WithTracing(tracing => tracing.AddSource([.. settings.ActivitySources, AspNetCoreSource]).AddOtlpExporter());
        }

        return services;
    }
}

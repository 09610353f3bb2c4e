using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace RoutingCluster.Gateway.Tracing;

/// <summary>
/// One activity per request (<c>route openai</c> / <c>route anthropic</c>) with a child per upstream
/// attempt (<c>attempt</c>). Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the
/// exporter reads the standard <c>OTEL_*</c> variables); otherwise nothing listens and they cost nothing.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "RoutingCluster.Gateway";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Whether traces are exported (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).</summary>
    public static bool Exporting(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IServiceCollection AddGatewayTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (Exporting(configuration))
        {
            services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder().AddSource(SourceName).AddOtlpExporter().Build());
            services.AddHostedService<TracerProviderStarter>();
        }

        return services;
    }

    /// <summary>Builds the tracer provider at start (singletons are lazy) and flushes it on stop.</summary>
    private sealed class TracerProviderStarter(TracerProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            provider.ForceFlush(5000);
            return Task.CompletedTask;
        }
    }
}

using System.Diagnostics;
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

    /// <summary>The activity source of ASP.NET Core's server spans (one per HTTP request).</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>Whether traces are exported (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).</summary>
    public static bool Exporting(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <remarks>
    /// Nothing is registered when traces are not exported: a tracer provider listening to the
    /// gateway's source (or ASP.NET Core's) would start activities on every request and send a
    /// <c>traceparent</c> upstream. The hosting package starts the provider with the host and
    /// flushes it when the host disposes it.
    /// </remarks>
    public static IServiceCollection AddGatewayTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (Exporting(configuration))
        {
            // ASP.NET Core's own source too: its server span is the parent of the gateway's, and a
            // parent nobody sampled would make the default (parent-based) sampler drop every span.
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(SourceName, AspNetCoreSource).AddOtlpExporter());
        }

        return services;
    }
}

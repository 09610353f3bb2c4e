using System.Diagnostics;

namespace RoutingCluster.Gateway.Tracing;

/// <summary>
/// One activity per request (<c>route openai</c> / <c>route anthropic</c>) with a child per upstream
/// attempt (<c>attempt</c>). Exported over OTLP by the service defaults when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise nothing listens and they cost nothing.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "RoutingCluster.Gateway";

    public static readonly ActivitySource Source = new(SourceName);
}

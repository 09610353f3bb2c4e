using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RoutingCluster.ServiceDefaults;

/// <summary>
/// The endpoints every service of the project answers without a key: <c>GET /metrics</c>
/// (Prometheus text, OpenMetrics when asked), <c>GET /health/live</c> (no check: the process
/// answers; restart it when this fails) and <c>GET /health/ready</c> (every health check tagged
/// <see cref="ReadyTag"/>; send traffic only when it passes). Health answers 200 when healthy and
/// 503 otherwise, with a JSON body naming each check's status and reason.
/// </summary>
public static class DefaultEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the health checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <param name="metrics">Conventions for the scrape endpoint (who may scrape, on which port); none: open.</param>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder app, Action<IEndpointConventionBuilder>? metrics = null)
    {
        var scrape = app.MapPrometheusScrapingEndpoint(MetricsPath);
        metrics?.Invoke(scrape);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new HealthAnswer(
            report.Status.ToString().ToLowerInvariant(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description))),
            HealthJson.Default.HealthAnswer, context.RequestAborted);
    }
}

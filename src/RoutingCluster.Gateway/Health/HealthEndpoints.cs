using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RoutingCluster.Gateway.Health;

/// <summary>
/// <c>GET /health/live</c>: the process answers (no check; restart it when this fails).
/// <c>GET /health/ready</c>: the silo has joined the cluster, a config is in force, and PostgreSQL
/// answers when clustered (send traffic only when this passes). Both answer without a gateway key:
/// 200 when healthy, 503 otherwise, with a JSON body naming each check's status and reason.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloJoinedCheck>("silo", tags: [ReadyTag])
            .AddCheck<ConfigLoadedCheck>("config", tags: [ReadyTag])
            .AddCheck<DatabaseCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
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

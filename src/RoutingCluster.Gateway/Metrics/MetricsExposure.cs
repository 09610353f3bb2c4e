using Microsoft.AspNetCore.Authorization;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.ServiceDefaults;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// Who may scrape <c>/metrics</c> and where (<c>server.metrics</c>). Open by default. With
/// <c>requireAdminKey</c> a scrape needs an admin key, read from the config in force, so a reload
/// turns it on or off. With <c>port</c>, <c>/metrics</c> is served only on that extra listener and
/// the listener serves nothing else; the port is read at start (a reload that changes it says so).
/// </summary>
public static class MetricsExposure
{
    public const string Policy = "MetricsScrape";

    public static void AddPolicy(AuthorizationOptions options) =>
        options.AddPolicy(Policy, new AuthorizationPolicyBuilder(GatewayKeyAuthentication.Scheme)
            .RequireAssertion(context => context.Resource is not HttpContext http
                || !http.RequestServices.GetRequiredService<ActiveConfig>().Current.Server.MetricsRequireAdminKey
                || context.User.IsInRole(GatewayPrincipal.AdminRole))
            .Build());

    /// <summary>Adds the metrics listener to the API's addresses, on the host of the first of them.</summary>
    public static void Listen(WebApplicationBuilder builder, StartupConfig startup, string apiUrls)
    {
        if (startup.Definition.Server.MetricsPort is not { } port)
        {
            return;
        }

        var first = apiUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var host = Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.Host
            : "127.0.0.1";
        builder.WebHost.UseUrls($"{apiUrls};http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}");
    }

    /// <summary>The scrape endpoint's conventions: the policy, and the port when one is set.</summary>
    public static void Configure(IEndpointConventionBuilder scrape, int? port)
    {
        scrape.RequireAuthorization(Policy).WithMetadata(GatewayKeyRefusal.OpenAi);
        if (port is { } only)
        {
            scrape.RequireHost($"*:{only}");
        }
    }

    /// <summary>On the metrics port, anything but <c>/metrics</c> is a 404 (the API is not served there).</summary>
    public static void UseMetricsPortOnly(WebApplication app, int? port)
    {
        if (port is not { } only)
        {
            return;
        }

        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == only && !context.Request.Path.Equals(DefaultEndpoints.MetricsPath, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }
}

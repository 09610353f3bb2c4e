using System.Diagnostics;
using RoutingCluster.ServiceDefaults;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The named <see cref="HttpClient"/> every provider adapter sends with: one connection pool for
/// all upstreams. Timeouts are per attempt (Polly), never per client.
/// </summary>
public static class UpstreamClient
{
    public const string Name = "upstream";

    public static IServiceCollection AddUpstreamClient(this IServiceCollection services)
    {
        services.AddHttpClient(Name)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                AllowAutoRedirect = false,
                UseCookies = false,
                // Unless traces are exported nothing tells an upstream about the request's trace, whatever
                // activity is current (ASP.NET Core's request logging starts one): no traceparent, and no
                // client activity per upstream call.
                // (The check verb's providers have no configuration: nothing is exported there.)
                ActivityHeadersPropagator = sp.GetService<IConfiguration>() is { } configuration && TelemetryDefaults.ExportsOtlp(configuration)
                    ? DistributedContextPropagator.Current
                    : null,
            })
            // The adapters are singletons holding their client for the process lifetime; DNS changes
            // reach them through the pooled connections' lifetime, not by rotating handlers.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's logging handlers would format a scope and two log lines around every
            // upstream call; the gateway logs each attempt's outcome itself.
            .RemoveAllLoggers();
        return services;
    }
}

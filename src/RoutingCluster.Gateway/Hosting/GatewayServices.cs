using RoutingCluster.Gateway.FrontDoors.Responses;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Gateway.Health;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// Composition of the gateway's services. The first config (<see cref="StartupConfig"/>) is read
/// before they are built, since it decides how the node's silo starts; the rest is built by the
/// service provider.
/// </summary>
public static class GatewayServices
{
    /// <param name="options">Seams for tests: the clock and the secret source.</param>
    public static IServiceCollection AddRoutingCluster(this IServiceCollection services, GatewayHostOptions? options = null)
    {
        services.AddSingleton(options?.TimeProvider ?? TimeProvider.System);
        services.AddSingleton(options?.Secrets ?? new EnvironmentSecretResolver());
        services.AddConfig();
        services.AddPluggableParts();
        services.AddSingleton<ProviderAdapters>();
        services.AddForwarding();
        services.AddSingleton<FrontDoorHandler>();
        services.AddSingleton<IRequestSink, LedgerSink>();
        services.AddGatewayMetrics();
        services.AddGatewayHealth();
        services.AddGatewayKeyAuthentication();
        return services;
    }

    private static IServiceCollection AddConfig(this IServiceCollection services)
    {
        services.AddSingleton<GatewayConfigLoader>();
        services.AddSingleton(sp =>
        {
            var startup = sp.GetRequiredService<StartupConfig>();
            return new ActiveConfig(startup.Definition, startup.Source);
        });
        services.AddHostedService<ConfigFileWatcher>();
        return services;
    }

    /// <summary>
    /// The parts a config names: selection strategies, provider adapters (by protocol) and the
    /// client protocols of the front doors, each registered as one of an enumerable. Config is
    /// validated against the names registered here (<see cref="RegisteredNames"/>), so a name
    /// without an implementation is a load error, never a failure at request time.
    /// </summary>
    internal static IServiceCollection AddPluggableParts(this IServiceCollection services)
    {
        foreach (var strategy in StrategyRegistry.CreateBuiltIn())
        {
            services.AddSingleton(strategy);
        }

        services.AddSingleton<StrategyRegistry>();

        services.AddUpstreamClient();
        services.AddSingleton<IProviderAdapter>(sp => OpenAiAdapter.Chat(Upstream(sp)));
        services.AddSingleton<IProviderAdapter>(sp => new AnthropicMessagesAdapter(Upstream(sp)));
        services.AddSingleton<IProviderAdapter>(sp => OpenAiAdapter.Responses(Upstream(sp)));
        services.AddSingleton<IProviderAdapter, SimulatedAdapter>();

        // The heartbeat probes of subscription profiles go out through the same adapters and client.
        services.AddSingleton<Grains.Plans.IPlanProbes, Plans.PlanProbes>();

        services.AddSingleton<OpenAiClientProtocol>();
        services.AddSingleton<AnthropicClientProtocol>();
        services.AddSingleton<IClientProtocol>(sp => sp.GetRequiredService<OpenAiClientProtocol>());
        services.AddSingleton<IClientProtocol>(sp => sp.GetRequiredService<AnthropicClientProtocol>());
        services.AddSingleton<ResponsesClientProtocol>();
        services.AddSingleton<IClientProtocol>(sp => sp.GetRequiredService<ResponsesClientProtocol>());

        services.AddSingleton(sp => new RegisteredNames(
            sp.GetServices<ISelectionStrategy>().Select(s => s.Name), sp.GetServices<IProviderAdapter>().Select(a => a.Protocol)));
        return services;
    }

    private static HttpClient Upstream(IServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient(UpstreamClient.Name);
}

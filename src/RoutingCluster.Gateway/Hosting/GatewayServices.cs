using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Ledger;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Composition of the gateway's services.</summary>
public static class GatewayServices
{
    public static IServiceCollection AddRoutingCluster(
        this IServiceCollection services, GatewayDefinition model, string source, (string Path, string LoadedText)? watch, TimeProvider time, ISecretResolver secrets, string address)
    {
        services.AddSingleton(time);
        services.AddSingleton(secrets);
        services.AddSingleton(new ActiveConfig(model, source));
        services.AddEntityStore(model, time, address);
        services.AddSingleton(StrategyRegistry.CreateDefault());
        services.AddUpstreamClient();
        services.AddSingleton<IProviderAdapter>(sp => new OpenAiChatAdapter(Upstream(sp)));
        services.AddSingleton<IProviderAdapter>(sp => new AnthropicMessagesAdapter(Upstream(sp)));
        services.AddSingleton<IProviderAdapter, SimulatedAdapter>();
        services.AddSingleton<ProviderAdapters>();
        services.AddSingleton<RouteExecutor>();
        services.AddSingleton<FrontDoorHandler>();
        services.AddSingleton<IRequestSink, LedgerSink>();
        services.AddGatewayMetrics();
        services.AddGatewayKeyAuthentication();
        services.AddSingleton<OpenAiClientProtocol>();
        services.AddSingleton<AnthropicClientProtocol>();
        if (watch is { } file)
        {
            services.AddHostedService(sp => new ConfigFileWatcher(
                sp.GetRequiredService<ActiveConfig>(), file.Path, file.LoadedText, secrets, sp.GetRequiredService<ILogger<ConfigFileWatcher>>()));
        }

        return services;
    }

    private static HttpClient Upstream(IServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient(UpstreamClient.Name);
}

using RoutingCluster.Gateway.Translation.AnthropicClientOverResponses;
using RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;
using RoutingCluster.Gateway.Translation.ResponsesClientOverAnthropic;
using RoutingCluster.Gateway.Translation.ResponsesClientOverChat;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using RoutingCluster.Gateway.Translation.PassThrough;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>The request path below the front doors: the executor, its stages, and the wire bridges it carries requests through.</summary>
public static class ForwardingServices
{
    public static IServiceCollection AddForwarding(this IServiceCollection services)
    {
        services.AddSingleton<AttemptSettler>();
        services.AddSingleton<CandidateRanker>();
        services.AddSingleton<LeaseAcquirer>();
        services.AddSingleton<UpstreamSender>();
        services.AddSingleton<StreamRelay>();
        services.AddSingleton<RouteExecutor>();
        services.AddSingleton<IWireBridge, OpenAiPassThroughBridge>();
        services.AddSingleton<IWireBridge, AnthropicPassThroughBridge>();
        services.AddSingleton<IWireBridge, OpenAiClientOverAnthropicBridge>();
        services.AddSingleton<IWireBridge, AnthropicClientOverOpenAiBridge>();
        services.AddSingleton<IWireBridge, ResponsesClientOverChatBridge>();
        services.AddSingleton<IWireBridge, ResponsesClientOverAnthropicBridge>();
        services.AddSingleton<IWireBridge, ResponsesPassThroughBridge>();
        services.AddSingleton<IWireBridge, OpenAiClientOverResponsesBridge>();
        services.AddSingleton<IWireBridge, AnthropicClientOverResponsesBridge>();
        services.AddSingleton<WireBridges>();
        return services;
    }
}

using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;
using RoutingCluster.Gateway.Translation.PassThrough;
using RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>The request path below the front doors: the executor, its stages, and the wire bridges it carries requests through.</summary>
public static class ForwardingServices
{
    public static IServiceCollection AddForwarding(this IServiceCollection services)
    {
        services.AddSingleton<AttemptSettler>();
        services.AddSingleton<BudgetBook>();
        services.AddSingleton<BudgetGuard>();
        services.AddSingleton<TenantLimiter>();
        services.AddSingleton<CandidateRanker>();
        services.AddSingleton<LeaseAcquirer>();
        services.AddSingleton<UpstreamSender>();
        services.AddSingleton<Plans.PlanUsageReader>();
        services.AddSingleton<StreamRelay>();
        services.AddSingleton<RouteExecutor>();

        // Every (client, upstream) pair of wire formats; Responses <-> Anthropic goes through chat completions.
        services.AddSingleton<OpenAiClientOverAnthropicBridge>();
        services.AddSingleton<AnthropicClientOverOpenAiBridge>();
        services.AddSingleton<ResponsesClientOverChatBridge>();
        services.AddSingleton<OpenAiClientOverResponsesBridge>();
        services.AddSingleton<IWireBridge, OpenAiPassThroughBridge>();
        services.AddSingleton<IWireBridge, AnthropicPassThroughBridge>();
        services.AddSingleton<IWireBridge, ResponsesPassThroughBridge>();
        services.AddSingleton<IWireBridge>(sp => sp.GetRequiredService<OpenAiClientOverAnthropicBridge>());
        services.AddSingleton<IWireBridge>(sp => sp.GetRequiredService<AnthropicClientOverOpenAiBridge>());
        services.AddSingleton<IWireBridge>(sp => sp.GetRequiredService<ResponsesClientOverChatBridge>());
        services.AddSingleton<IWireBridge>(sp => sp.GetRequiredService<OpenAiClientOverResponsesBridge>());
        services.AddSingleton<IWireBridge>(sp => new ChainedBridge(sp.GetRequiredService<ResponsesClientOverChatBridge>(), sp.GetRequiredService<OpenAiClientOverAnthropicBridge>()));
        services.AddSingleton<IWireBridge>(sp => new ChainedBridge(sp.GetRequiredService<AnthropicClientOverOpenAiBridge>(), sp.GetRequiredService<OpenAiClientOverResponsesBridge>()));
        services.AddSingleton<WireBridges>();
        return services;
    }
}

using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.FrontDoors.OpenAi;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The APIs clients call, one group each: OpenAI's (chat completions, the model list) and
/// Anthropic's (messages, token counting). Every endpoint needs a gateway key; a refusal is
/// answered in the group's wire format.
/// </summary>
public static class ClientApiEndpoints
{
    /// <summary>Where Anthropic's API lives; every other path answers in OpenAI's format.</summary>
    public const string AnthropicPrefix = "/v1/messages";

    public static IEndpointRouteBuilder MapOpenAi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").RequireAuthorization().WithMetadata(GatewayKeyRefusal.OpenAi);
        api.MapFrontDoor<OpenAiClientProtocol>("/chat/completions");
        api.MapGet("/models", ModelsEndpoint.HandleAsync);
        return app;
    }

    public static IEndpointRouteBuilder MapAnthropic(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(AnthropicPrefix).RequireAuthorization().WithMetadata(GatewayKeyRefusal.Anthropic);
        api.MapFrontDoor<AnthropicClientProtocol>("");
        api.MapPost("/count_tokens", CountTokensEndpoint.HandleAsync);
        return app;
    }

    /// <summary>A front door answers its own refusals: it records every request that reaches it.</summary>
    private static void MapFrontDoor<TProtocol>(this RouteGroupBuilder api, string pattern)
        where TProtocol : IClientProtocol =>
        api.MapPost(pattern, (HttpContext context, FrontDoorHandler handler, TProtocol protocol) => handler.HandleAsync(context, protocol))
            .WithMetadata(RefusalAnsweredByEndpoint.Instance);
}

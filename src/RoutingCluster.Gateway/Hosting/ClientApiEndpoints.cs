using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.FrontDoors.Responses;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The APIs clients call, one group each: OpenAI's (chat completions, responses, the model list) and
/// Anthropic's (messages, token counting). Every endpoint needs a gateway key; a refusal is
/// answered in the group's wire format.
/// </summary>
public static class ClientApiEndpoints
{
    /// <summary>Where Anthropic's API lives; every other path answers in OpenAI's format.</summary>
    public const string AnthropicPrefix = "/v1/messages";

    public static IEndpointRouteBuilder MapOpenAi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithMetadata(GatewayKeyRefusal.OpenAi);
        api.MapFrontDoor<OpenAiClientProtocol>("/chat/completions");
        api.MapFrontDoor<ResponsesClientProtocol>("/responses");
        api.MapGet("/models", ModelsEndpoint.HandleAsync).RequireAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAnthropic(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(AnthropicPrefix).WithMetadata(GatewayKeyRefusal.Anthropic);
        api.MapFrontDoor<AnthropicClientProtocol>("");
        api.MapPost("/count_tokens", CountTokensEndpoint.HandleAsync).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// A front door requires the gateway key itself, not through authorization: it records every
    /// request that reaches it (ledger, metrics, <c>x-routing-request-id</c>), refused ones included,
    /// and checks the key with the authentication handler's own <see cref="GatewayKeyAuthenticator"/>.
    /// </summary>
    private static void MapFrontDoor<TProtocol>(this RouteGroupBuilder api, string pattern)
        where TProtocol : IClientProtocol =>
        api.MapPost(pattern, (HttpContext context, FrontDoorHandler handler, TProtocol protocol) => handler.HandleAsync(context, protocol));
}

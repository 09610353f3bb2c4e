using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>The Anthropic-compatible API: messages and token counting. Both need a gateway key.</summary>
public static class AnthropicEndpoints
{
    public static IEndpointRouteBuilder MapAnthropic(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/messages").RequireAuthorization().WithMetadata(GatewayKeyRefusal.Anthropic);
        api.MapPost("", (HttpContext context, FrontDoorHandler handler, AnthropicClientProtocol protocol) => handler.HandleAsync(context, protocol))
            .WithMetadata(RefusalAnsweredByEndpoint.Instance);
        api.MapPost("/count_tokens", CountTokensEndpoint.HandleAsync);
        return app;
    }
}

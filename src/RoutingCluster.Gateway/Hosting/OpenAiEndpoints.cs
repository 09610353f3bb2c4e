using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.OpenAi;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>The OpenAI-compatible API: chat completions and the model list. Both need a gateway key.</summary>
public static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").RequireAuthorization().WithMetadata(GatewayKeyRefusal.OpenAi);
        api.MapPost("/chat/completions", (HttpContext context, FrontDoorHandler handler, OpenAiClientProtocol protocol) => handler.HandleAsync(context, protocol))
            .WithMetadata(RefusalAnsweredByEndpoint.Instance);
        api.MapGet("/models", ModelsEndpoint.HandleAsync);
        return app;
    }
}

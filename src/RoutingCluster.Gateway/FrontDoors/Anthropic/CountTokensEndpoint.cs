using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: an estimate, not the provider's tokenizer — about four
/// characters of system, message and tool text per token, plus four per message or block. The same
/// estimate drives routing (context fit, <c>estimatedTokensOver</c> rules).
/// </summary>
public static class CountTokensEndpoint
{
    public static async Task HandleAsync(HttpContext context, ActiveConfig active, AnthropicClientProtocol protocol)
    {
        var config = active.Current;
        var body = await RequestBodyReader.ReadAsync(context.Request, config.Server.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await FrontDoorHandler.WriteErrorAsync(context, protocol, StatusCodes.Status413PayloadTooLarge, "request_too_large", FrontDoorMessages.BodyTooLarge(config.Server.MaxRequestBodyBytes));
            return;
        }

        switch (MessagesRequestInspector.Inspect(body, null, requireMaxTokens: false))
        {
            case RequestReading.Invalid invalid:
                await FrontDoorHandler.WriteErrorAsync(context, protocol, StatusCodes.Status400BadRequest, "invalid_request", invalid.Message);
                break;
            case RequestReading.Read read:
                await context.Response.WriteAsJsonAsync(new TokenCount(read.Inspection.Features.EstimatedInputTokens), AnthropicJsonContext.Relaxed.TokenCount);
                break;
        }
    }
}

using RoutingCluster.Gateway.Wire;
using RoutingCluster.Gateway.FrontDoors;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Endpoint metadata: the 401 a request without a valid gateway key gets, in the wire format the
/// endpoint's callers speak. The bodies are built once; a refusal costs no serialization.
/// </summary>
public sealed class GatewayKeyRefusal
{
    private readonly byte[] _body;

    private GatewayKeyRefusal(byte[] body) => _body = body;

    /// <summary><c>{"error":{"message","type":"authentication_error","param":null,"code":"invalid_api_key"}}</c></summary>
    public static GatewayKeyRefusal OpenAi { get; } =
        new(OpenAiErrors.Body("authentication_error", "invalid_api_key", FrontDoorMessages.BadGatewayKey));

    /// <summary><c>{"type":"error","error":{"type":"authentication_error","message"}}</c></summary>
    public static GatewayKeyRefusal Anthropic { get; } =
        new(AnthropicErrors.Body(StatusCodes.Status401Unauthorized, FrontDoorMessages.BadGatewayKey));

    public async Task WriteAsync(HttpResponse response)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(_body);
    }
}

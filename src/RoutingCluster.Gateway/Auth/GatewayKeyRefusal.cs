using RoutingCluster.Gateway.Wire;
using RoutingCluster.Gateway.FrontDoors;

namespace RoutingCluster.Gateway.Auth;

/// <summary>
/// Endpoint metadata: the 401 a request without a valid gateway key gets, and the 403 of a key that
/// may not use the endpoint, in the wire format the endpoint's callers speak. The bodies are built
/// once; a refusal costs no serialization.
/// </summary>
public sealed class GatewayKeyRefusal
{
    private readonly byte[] _body;
    private readonly byte[] _forbidden;

    private GatewayKeyRefusal(byte[] body, byte[] forbidden)
    {
        _body = body;
        _forbidden = forbidden;
    }

    /// <summary><c>{"error":{"message","type":"authentication_error","param":null,"code":"invalid_api_key"}}</c></summary>
    public static GatewayKeyRefusal OpenAi { get; } =
        new(OpenAiErrors.Body("authentication_error", "invalid_api_key", FrontDoorMessages.BadGatewayKey),
            OpenAiErrors.Body("permission_error", "admin_key_required", FrontDoorMessages.AdminKeyRequired));

    /// <summary><c>{"type":"error","error":{"type":"authentication_error","message"}}</c></summary>
    public static GatewayKeyRefusal Anthropic { get; } =
        new(AnthropicErrors.Body(StatusCodes.Status401Unauthorized, FrontDoorMessages.BadGatewayKey),
            AnthropicErrors.Body("permission_error", FrontDoorMessages.AdminKeyRequired));

    public Task WriteAsync(HttpResponse response) => WriteAsync(response, StatusCodes.Status401Unauthorized, _body);

    public Task WriteForbiddenAsync(HttpResponse response) => WriteAsync(response, StatusCodes.Status403Forbidden, _forbidden);

    private static async Task WriteAsync(HttpResponse response, int status, byte[] body)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(body);
    }
}

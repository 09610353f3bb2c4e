using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

/// <summary>Clients speaking Anthropic's Messages API (<c>POST /v1/messages</c>): Claude Code, the Anthropic SDKs.</summary>
public sealed class AnthropicClientProtocol : IClientProtocol
{
    public string Name => "anthropic";

    public WireFormat WireFormat => WireFormat.AnthropicMessages;

    public RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader) => MessagesRequestInspector.Inspect(body, roleHeader);

    public HeaderReading PassedHeaders(HttpRequest request)
    {
        Dictionary<string, string>? passed = null;
        foreach (var name in AnthropicHeaders.Passed)
        {
            if (request.Headers[name].ToString() is { Length: > 0 } value)
            {
                if (AnthropicHeaders.Problem(name, value) is { } problem)
                {
                    return new HeaderReading.Invalid(problem);
                }

                (passed ??= new(StringComparer.OrdinalIgnoreCase))[name] = value;
            }
        }

        return passed is null ? HeaderReading.None : new HeaderReading.Passed(passed);
    }

    public byte[] ErrorBody(int status, string code, string message) => AnthropicErrors.Body(status, message);
}

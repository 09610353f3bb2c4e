using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

/// <summary>Clients speaking Anthropic's Messages API (<c>POST /v1/messages</c>): Claude Code, the Anthropic SDKs.</summary>
public sealed class AnthropicClientProtocol : IClientProtocol
{
    public string Name => "anthropic";

    public WireFormat WireFormat => WireFormat.AnthropicMessages;

    public RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader) => MessagesRequestInspector.Inspect(body, roleHeader);

    public IReadOnlyDictionary<string, string>? PassedHeaders(HttpRequest request)
    {
        var passed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in AnthropicMessagesAdapter.PassedHeaders)
        {
            if (request.Headers[name].ToString() is { Length: > 0 } value)
            {
                passed[name] = value;
            }
        }

        return passed.Count == 0 ? null : passed;
    }

    public byte[] ErrorBody(int status, string code, string message) => AnthropicErrors.Body(status, message);
}

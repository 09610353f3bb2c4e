using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>Clients speaking OpenAI chat completions (<c>POST /v1/chat/completions</c>).</summary>
public sealed class OpenAiClientProtocol : IClientProtocol
{
    public string Name => "openai";

    public WireFormat WireFormat => WireFormat.OpenAiChat;

    public RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader) => ChatRequestInspector.Inspect(body, roleHeader);

    public HeaderReading PassedHeaders(HttpRequest request) => HeaderReading.None;

    public byte[] ErrorBody(int status, string code, string message) => OpenAiErrors.Body(status, code, message);
}

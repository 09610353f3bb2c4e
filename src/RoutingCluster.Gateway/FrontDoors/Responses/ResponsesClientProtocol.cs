using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors.Responses;

/// <summary>Clients speaking OpenAI's Responses API (<c>POST /v1/responses</c>): Codex CLI, the OpenAI SDKs' responses clients.</summary>
public sealed class ResponsesClientProtocol : IClientProtocol
{
    public string Name => "responses";

    public WireFormat WireFormat => WireFormat.OpenAiResponses;

    public RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader) => ResponsesRequestInspector.Inspect(body, roleHeader);

    public HeaderReading PassedHeaders(HttpRequest request) => HeaderReading.None;

    /// <summary>The Responses API answers errors in OpenAI's shape.</summary>
    public byte[] ErrorBody(int status, string code, string message) => OpenAiErrors.Body(status, code, message);
}

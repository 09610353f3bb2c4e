using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>A Responses API client served by an OpenAI chat-completions upstream.</summary>
public sealed class ResponsesClientOverChatBridge(TimeProvider time) : IWireBridge
{
    public WireFormat ClientWire => WireFormat.OpenAiResponses;

    public WireFormat UpstreamWire => WireFormat.OpenAiChat;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        ResponsesRequestTranslator.ToChat(clientBody, model.UpstreamModel);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new ChatToResponsesBody(inspection.Features.RequestedModel, CreatedAt());

    public IStreamTranslator StreamTranslator(RequestInspection inspection) => new ChatToResponsesStream(inspection.Features.RequestedModel, CreatedAt());

    private long CreatedAt() => time.GetUtcNow().ToUnixTimeSeconds();
}

using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;

/// <summary>An OpenAI chat-completions client served by a Responses upstream (<c>openai-responses</c>).</summary>
public sealed class OpenAiClientOverResponsesBridge(TimeProvider time) : IWireBridge
{
    public WireFormat ClientWire => WireFormat.OpenAiChat;

    public WireFormat UpstreamWire => WireFormat.OpenAiResponses;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        ChatToResponsesRequest.ToResponses(clientBody, model.UpstreamModel);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new ResponsesToChatBody(inspection.Features.RequestedModel);

    public IStreamTranslator StreamTranslator(RequestInspection inspection) =>
        new ResponsesToChatStream(inspection.Features.RequestedModel, time.GetUtcNow().ToUnixTimeSeconds(), includeUsage: inspection.IncludeUsage == true);
}

using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>An Anthropic Messages client (Claude Code, the Anthropic SDKs) served by an OpenAI chat-completions upstream.</summary>
public sealed class AnthropicClientOverOpenAiBridge : IWireBridge
{
    public WireFormat ClientWire => WireFormat.AnthropicMessages;

    public WireFormat UpstreamWire => WireFormat.OpenAiChat;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        AnthropicRequestTranslator.ToOpenAi(clientBody, model.UpstreamModel);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new OpenAiToAnthropicBody(inspection.Features.RequestedModel);

    public IStreamTranslator StreamTranslator(RequestInspection inspection) => new OpenAiToAnthropicStream(inspection.Features.RequestedModel);
}

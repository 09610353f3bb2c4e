using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverResponses;

/// <summary>
/// An Anthropic Messages client served by a Responses upstream, through chat completions: the
/// request goes Anthropic -> chat -> Responses, the answer Responses -> chat -> Anthropic, each step
/// by the bridge that owns it.
/// </summary>
public sealed class AnthropicClientOverResponsesBridge(TimeProvider time) : IWireBridge
{
    private readonly AnthropicClientOverOpenAiBridge _anthropicOverChat = new();
    private readonly OpenAiClientOverResponsesBridge _chatOverResponses = new(time);

    public WireFormat ClientWire => WireFormat.AnthropicMessages;

    public WireFormat UpstreamWire => WireFormat.OpenAiResponses;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        _anthropicOverChat.TranslateRequest(clientBody, inspection, model) switch
        {
            RequestTranslation.Translated chat => _chatOverResponses.TranslateRequest(chat.Body, inspection, model),
            var untranslatable => untranslatable,
        };

    public IBodyTranslator BodyTranslator(RequestInspection inspection) =>
        new ChainedBody(_chatOverResponses.BodyTranslator(inspection), _anthropicOverChat.BodyTranslator(inspection));

    public IStreamTranslator StreamTranslator(RequestInspection inspection) =>
        new ChainedStream(_chatOverResponses.StreamTranslator(inspection with { IncludeUsage = true }), _anthropicOverChat.StreamTranslator(inspection));
}

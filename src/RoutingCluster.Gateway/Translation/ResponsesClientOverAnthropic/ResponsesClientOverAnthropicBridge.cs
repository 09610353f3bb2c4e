using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using RoutingCluster.Gateway.Translation.ResponsesClientOverChat;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverAnthropic;

/// <summary>
/// A Responses API client served by an Anthropic Messages upstream, through chat completions: the
/// request goes Responses -> chat -> Anthropic, the answer Anthropic -> chat -> Responses, each step
/// by the bridge that owns it. Whatever chat completions cannot carry cannot go this way either.
/// </summary>
public sealed class ResponsesClientOverAnthropicBridge(TimeProvider time) : IWireBridge
{
    private readonly OpenAiClientOverAnthropicBridge _chatOverAnthropic = new(time);
    private readonly ResponsesClientOverChatBridge _responsesOverChat = new(time);

    public WireFormat ClientWire => WireFormat.OpenAiResponses;

    public WireFormat UpstreamWire => WireFormat.AnthropicMessages;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        _responsesOverChat.TranslateRequest(clientBody, inspection, model) switch
        {
            RequestTranslation.Translated chat => _chatOverAnthropic.TranslateRequest(chat.Body, inspection, model),
            var untranslatable => untranslatable,
        };

    public IBodyTranslator BodyTranslator(RequestInspection inspection) =>
        new ChainedBody(_chatOverAnthropic.BodyTranslator(inspection), _responsesOverChat.BodyTranslator(inspection));

    public IStreamTranslator StreamTranslator(RequestInspection inspection) =>
        new ChainedStream(_chatOverAnthropic.StreamTranslator(inspection with { IncludeUsage = true }), _responsesOverChat.StreamTranslator(inspection));
}

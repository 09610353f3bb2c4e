using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>An OpenAI chat-completions client served by an Anthropic Messages upstream.</summary>
public sealed class OpenAiClientOverAnthropicBridge(TimeProvider time) : IWireBridge
{
    /// <summary>Output cap sent to an Anthropic upstream (which requires one) when neither client nor model sets it.</summary>
    public const int DefaultAnthropicMaxTokens = 4096;

    public WireFormat ClientWire => WireFormat.OpenAiChat;

    public WireFormat UpstreamWire => WireFormat.AnthropicMessages;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        OpenAiRequestTranslator.ToAnthropic(clientBody, model.UpstreamModel, model.MaxOutput ?? DefaultAnthropicMaxTokens);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new AnthropicToOpenAiBody(inspection.Features.RequestedModel, Created());

    public IStreamTranslator StreamTranslator(RequestInspection inspection) =>
        new AnthropicToOpenAiStream(inspection.Features.RequestedModel, Created(), includeUsage: inspection.IncludeUsage == true);

    /// <summary>OpenAI's <c>created</c>: the answer's time, which an Anthropic message does not carry.</summary>
    private long Created() => time.GetUtcNow().ToUnixTimeSeconds();
}

using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>Anthropic client, Anthropic upstream: only <c>model</c> is rewritten.</summary>
public sealed class AnthropicPassThroughBridge : IWireBridge
{
    public WireFormat ClientWire => WireFormat.AnthropicMessages;

    public WireFormat UpstreamWire => WireFormat.AnthropicMessages;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        new RequestTranslation.Translated(ModelFieldRewriter.Rewrite(clientBody, inspection, model.UpstreamModel).Body);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new AnthropicPassThrough();

    public IStreamTranslator StreamTranslator(RequestInspection inspection) => new AnthropicPassThrough();
}

using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>OpenAI client, OpenAI-format upstream: only <c>model</c> (and the usage request on streams) is rewritten.</summary>
public sealed class OpenAiPassThroughBridge : IWireBridge
{
    public WireFormat ClientWire => WireFormat.OpenAiChat;

    public WireFormat UpstreamWire => WireFormat.OpenAiChat;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        new RequestTranslation.Translated(ModelFieldRewriter.Rewrite(clientBody, inspection, model.UpstreamModel).Body);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new OpenAiPassThrough(usageInjected: false);

    public IStreamTranslator StreamTranslator(RequestInspection inspection) => new OpenAiPassThrough(usageInjected: inspection.IncludeUsage is null);
}

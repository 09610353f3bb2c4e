using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>Responses client, Responses upstream (<c>openai-responses</c>): only <c>model</c> is rewritten.</summary>
public sealed class ResponsesPassThroughBridge : IWireBridge
{
    public WireFormat ClientWire => WireFormat.OpenAiResponses;

    public WireFormat UpstreamWire => WireFormat.OpenAiResponses;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        new RequestTranslation.Translated(ModelFieldRewriter.Rewrite(clientBody, inspection, model.UpstreamModel).Body);

    public IBodyTranslator BodyTranslator(RequestInspection inspection) => new ResponsesPassThrough();

    public IStreamTranslator StreamTranslator(RequestInspection inspection) => new ResponsesPassThrough();
}

using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// Carries requests of one client wire format to upstreams of one wire format, and their answers
/// back: the request body and the whole-body and streamed answers (upstream error bodies are
/// rebuilt by <see cref="Forwarding.UpstreamErrorRebuilder"/>, whatever the bridge). One
/// stateless bridge per (client, upstream) pair, registered in DI and found by
/// <see cref="WireBridges"/>; the per-answer state lives in the translators it creates.
/// </summary>
public interface IWireBridge
{
    /// <summary>The client's wire format, a <see cref="WireFormat"/>.</summary>
    WireFormat ClientWire { get; }

    /// <summary>The upstream's wire format, a <see cref="WireFormat"/>.</summary>
    WireFormat UpstreamWire { get; }

    RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model);

    IBodyTranslator BodyTranslator(RequestInspection inspection);

    IStreamTranslator StreamTranslator(RequestInspection inspection);
}

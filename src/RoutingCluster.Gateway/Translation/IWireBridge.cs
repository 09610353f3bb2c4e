using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// Carries requests of one client wire format to upstreams of one wire format, and their answers
/// back: the request body, the whole-body and streamed answers, and upstream error bodies. One
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

    /// <summary>An upstream 4xx about the request itself, in the client's error format.</summary>
    byte[] TranslateError(byte[] upstreamErrorBody, int status);
}

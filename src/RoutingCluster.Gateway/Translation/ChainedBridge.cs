using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// Two bridges that meet in a middle wire format, as one: the client's request goes through
/// the client-side bridge (client -> middle) then the upstream-side one (middle ->
/// upstream), the answer back the other way, each step by the bridge that owns it. Whatever the
/// middle format cannot carry cannot go this way either. The inner stream translator is asked for
/// its usage chunk, which the outer one reads.
/// </summary>
public sealed class ChainedBridge : IWireBridge
{
    private readonly IWireBridge _clientSide;
    private readonly IWireBridge _upstreamSide;

    public ChainedBridge(IWireBridge clientSide, IWireBridge upstreamSide)
    {
        if (clientSide.UpstreamWire != upstreamSide.ClientWire)
        {
            throw new ArgumentException($"Cannot chain {clientSide.ClientWire} -> {clientSide.UpstreamWire} with {upstreamSide.ClientWire} -> {upstreamSide.UpstreamWire}.");
        }

        _clientSide = clientSide;
        _upstreamSide = upstreamSide;
    }

    public WireFormat ClientWire => _clientSide.ClientWire;

    public WireFormat UpstreamWire => _upstreamSide.UpstreamWire;

    public RequestTranslation TranslateRequest(byte[] clientBody, RequestInspection inspection, ModelDefinition model) =>
        _clientSide.TranslateRequest(clientBody, inspection, model) switch
        {
            RequestTranslation.Translated middle => _upstreamSide.TranslateRequest(middle.Body, inspection, model),
            var untranslatable => untranslatable,
        };

    public IBodyTranslator BodyTranslator(RequestInspection inspection) =>
        new ChainedBody(_upstreamSide.BodyTranslator(inspection), _clientSide.BodyTranslator(inspection));

    public IStreamTranslator StreamTranslator(RequestInspection inspection) =>
        new ChainedStream(_upstreamSide.StreamTranslator(inspection with { IncludeUsage = true }), _clientSide.StreamTranslator(inspection));
}

using RoutingCluster.Configuration;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Everything the executor needs for one request, decided by the front door.</summary>
/// <param name="Config">The config snapshot the request started with (a reload mid-request does not change it).</param>
/// <param name="BodyFor">Builds the upstream body for a candidate (model rewrite, translation); throws
/// <see cref="Translation.TranslationException"/> when the request cannot be expressed in the candidate's protocol.</param>
/// <param name="ClientWireFormat">The client's protocol, as in <see cref="ProviderProtocols.WireFormat"/>.</param>
/// <param name="PassedHeaders">Client headers passed to upstreams of the client's own protocol.</param>
public sealed record RouteRequest(
    GatewayDefinition Config,
    RouteTarget Target,
    RequestFeatures Features,
    IReadOnlyList<PlannedStep> Plan,
    Func<Candidate, byte[]> BodyFor,
    WireFormat ClientWireFormat = WireFormat.OpenAiChat,
    IReadOnlyDictionary<string, string>? PassedHeaders = null);

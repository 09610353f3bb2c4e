using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>The client's request as the front door read it: the body as received, what routing needed from it.</summary>
/// <param name="WireFormat">The client's protocol, as in <see cref="RoutingCluster.Configuration.ProviderProtocols.WireFormat"/>.</param>
/// <param name="PassedHeaders">Client headers passed to upstreams of the client's own protocol, or null.</param>
public sealed record ClientRequest(
    byte[] Body,
    RequestInspection Inspection,
    string WireFormat,
    IReadOnlyDictionary<string, string>? PassedHeaders);

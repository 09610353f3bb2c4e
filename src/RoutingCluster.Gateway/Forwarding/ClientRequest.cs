using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>The client's request as the front door read it: the body as received, what routing needed from it.</summary>
/// <param name="WireFormat">The client's wire format.</param>
/// <param name="PassedHeaders">Client headers passed to upstreams of the client's own protocol, or null.</param>
public sealed record ClientRequest(
    byte[] Body,
    RequestInspection Inspection,
    WireFormat WireFormat,
    IReadOnlyDictionary<string, string>? PassedHeaders);

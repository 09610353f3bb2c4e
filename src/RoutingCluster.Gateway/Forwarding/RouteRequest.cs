using RoutingCluster.Configuration;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Everything the executor needs for one request, decided by the front door.</summary>
/// <param name="Config">The config snapshot the request started with (a reload mid-request does not change it).</param>
/// <param name="BodyFor">Builds the upstream body for a candidate (model rewrite, translation).</param>
public sealed record RouteRequest(
    GatewayModel Config,
    RouteTarget Target,
    RequestFeatures Features,
    IReadOnlyList<PlannedStep> Plan,
    Func<Candidate, ReadOnlyMemory<byte>> BodyFor);

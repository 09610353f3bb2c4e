using RoutingCluster.Entities;

namespace RoutingCluster.Routing;

/// <summary>A candidate together with what the fleet view says of its credential right now.</summary>
public sealed record RankedCandidate(Candidate Candidate, CredentialView View);

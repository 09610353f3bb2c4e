using RoutingCluster.Entities;

namespace RoutingCluster.Routing;

/// <summary>A candidate together with what its credential entity says right now.</summary>
public sealed record RankedCandidate(Candidate Candidate, CredentialView View);

using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>One upstream attempt of a request and how it ended.</summary>
/// <param name="RetryAt">For a 429: when the upstream said the key frees up (or the default cooldown).</param>
public sealed record AttemptRecord(Candidate Candidate, OutcomeKind Outcome, int? Status, string Detail, TimeSpan Latency, DateTimeOffset? RetryAt = null)
{
    public override string ToString() => $"{Candidate.Label}: {Detail}";
}

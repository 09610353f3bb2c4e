using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>One upstream attempt of a request and how it ended.</summary>
/// <param name="Detail">Why it failed, for the client's error message; null for the served attempt.</param>
/// <param name="RetryAt">For a 429: when the upstream said the key frees up (or the default cooldown).</param>
/// <param name="TimeToFirstByte">For the attempt whose answer was relayed: when its first byte came.</param>
public sealed record AttemptRecord(
    Candidate Candidate, OutcomeKind Outcome, int? Status, string? Detail, TimeSpan Latency, DateTimeOffset? RetryAt = null, TimeSpan? TimeToFirstByte = null)
{
    /// <summary>The attempt whose answer (or unreadable body) ended the walk.</summary>
    public bool Served => TimeToFirstByte is not null;

    public override string ToString() => $"{Candidate.Label}: {Detail}";
}

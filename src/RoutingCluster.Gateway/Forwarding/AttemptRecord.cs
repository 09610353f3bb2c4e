using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>One upstream attempt of a request and how it ended.</summary>
/// <param name="Detail">Why it failed, for the client's error message; null for the served attempt.</param>
/// <param name="Cooldown">For a 429: the cooldown it gave the key (when the upstream said it frees up,
/// capped by the provider's <c>maxLearnedWait</c>, or the default cooldown).</param>
/// <param name="TimeToFirstByte">For the attempt whose answer was relayed: when its first byte came.</param>
public sealed record AttemptRecord(
    Candidate Candidate, OutcomeKind Outcome, int? Status, string? Detail, TimeSpan Latency, LearnedCooldown? Cooldown = null, TimeSpan? TimeToFirstByte = null)
{
    /// <summary>For a 429: when the key may be tried again.</summary>
    public DateTimeOffset? RetryAt => Cooldown?.Until;

    /// <summary>The attempt whose answer (or unreadable body) ended the walk.</summary>
    public bool Served => TimeToFirstByte is not null;

    public override string ToString() => $"{Candidate.Label}: {Detail}";
}
